from tradetrack.cli import main

main()
