"""tradetrack: is each party to a trade deal keeping its commitments?"""

__version__ = "0.1.0"
