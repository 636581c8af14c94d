"""Read YAML safely, keeping where every value came from.

We compose the node graph (no object construction, so no `!!python/...` tag can run code),
then build plain dicts, lists and scalars ourselves. That one walk gives us: the line and
column of every key and value, duplicate keys as errors naming both lines, a bound on alias
expansion ("billion laughs"), and the raw text of unquoted scalars YAML 1.1 turns into
booleans or numbers (`NO`, `on`, `0201`), so a later error can say "quote it".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from tradetrack.core.problems import Problem, line_of
from tradetrack.core.text import writable

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple
MAX_NODES = 200_000  # far above any real commitments file; alias bombs hit it at once
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class YamlDoc:
    """A parsed YAML file: its data and where each path in it came from."""

    file: str
    text: str
    data: object = None
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # Unquoted scalars that YAML resolved to something other than a string: path -> raw text.
    plain_text: dict[Path, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False  # a tag was refused: the data is not worth validating further

    def problem(
        self, mark: tuple[int, int], message: str, hint: str | None = None, code: str = "invalid-value"
    ) -> Problem:
        line, col = mark
        return Problem(self.file, line, col, message, hint, line_of(self.text, line), code=code)


class _TooBig(Exception):
    pass


def decode(file: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text, refusing what an editor would show wrongly or a parser misread."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(
                file, 1, 1, "the file starts with a byte-order mark", "save it as UTF-8 without BOM", code="encoding"
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [
            Problem(
                file,
                line,
                col,
                f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x})",
                "save the file as UTF-8",
                code="encoding",
            )
        ]
    return text, []


def _colon_hint(text: str, problem: str) -> str | None:
    """`title: US-EU framework: energy`: the second colon began a mapping inside the value."""
    key, sep, value = text.partition(": ")
    if "mapping values are not allowed" not in problem or not sep or ": " not in value:
        return None
    value = value.strip().replace('"', '\\"')
    key = key.strip().lstrip("- ")
    return f'a colon and a space inside an unquoted value start a mapping: quote it, {key}: "{value}"'


def read_yaml(file: str, text: str) -> YamlDoc:
    doc = YamlDoc(file, text)
    if not text.strip():
        doc.problems.append(
            Problem(
                file,
                0,
                0,
                "the file is empty",
                "start from `tradetrack init`, or see the README for the format",
                code="empty-file",
            )
        )
        return doc
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"YAML syntax error: {e.problem or e.context}"
        doc.problems.append(
            Problem(
                file,
                line,
                col,
                message,
                _colon_hint(line_of(text, line) or "", e.problem or "")
                or "check indentation, colons and quotes near this point",
                line_of(text, line),
                code="yaml-syntax",
            )
        )
        return doc
    except yaml.YAMLError as e:
        doc.problems.append(Problem(file, 0, 0, f"YAML error: {e}", code="yaml-syntax"))
        return doc
    if node is None:
        doc.problems.append(
            Problem(file, 0, 0, "the file holds no data", "see the README for the format", code="empty-file")
        )
        return doc
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except _TooBig:
        doc.problems = [
            doc.problem(
                _mark(node),
                f"the document expands to more than {MAX_NODES:,} values (aliases repeated too often)",
                "remove the anchors (&) and aliases (*) that multiply",
                code="yaml-aliases",
            )
        ]
    except RecursionError:
        doc.problems = [doc.problem(_mark(node), "the document is nested too deeply", code="yaml-syntax")]
    return doc


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.budget = MAX_NODES
        self.constructor = SafeConstructor()

    def build(self, node: yaml.Node, path: Path) -> object:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                return self._bad_tag(node)
            return [self._child(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _child(self, node: yaml.Node, path: Path) -> object:
        self.doc.value_marks[path] = _mark(node)
        return self.build(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> object:
        if node.tag != _TAG + "map":
            return self._bad_tag(node)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                self._refuse(
                    key_node, "only plain names may be keys here (no merge keys or nested keys)", None, "yaml-syntax"
                )
                continue
            key = key_node.value  # raw text: a key `no:` stays the string "no"
            self._writable(key_node)
            child = path + (key,)
            if key in result:
                first = self.doc.key_marks[child][0]
                self._refuse(
                    key_node,
                    f"duplicate key {key!r} (first at line {first})",
                    "remove one of the two; YAML would silently keep only the last",
                    "duplicate-key",
                )
                continue
            self.doc.key_marks[child] = _mark(key_node)
            result[key] = self._child(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> object:
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node)
        if node.tag == _TAG + "str":
            self._writable(node)
            return node.value
        try:
            value = self.constructor.construct_object(node)
        except (ConstructorError, ValueError):
            # e.g. 2026-02-30: pass the text on, so validation says what the field wanted.
            return node.value
        if not node.style:  # plain: None from the pure loader, '' from the C one
            self.doc.plain_text[path] = node.value
        return value

    def _writable(self, node: yaml.ScalarNode) -> None:
        """Refuse half a surrogate pair in a text (PyYAML's pure loader takes the escape;
        libyaml refuses it as a syntax error)."""
        if not writable(node.value):
            self._refuse(
                node,
                "an escape of half a UTF-16 surrogate pair (\\uD800 to \\uDFFF)",
                "write the character itself (or \\U and its eight hex digits): no UTF-8 file can hold half a pair",
                "encoding",
            )

    def _bad_tag(self, node: yaml.Node) -> object:
        """Record the refusal; the node reads as null so the rest of the file is still checked."""
        self.doc.refused = True
        self._refuse(
            node, f"the tag {node.tag!r} is not allowed", "tradetrack reads plain YAML only: remove the tag", "yaml-tag"
        )
        return None

    def _refuse(self, node: yaml.Node, message: str, hint: str | None, code: str) -> None:
        """A problem at the node, kept with the document's others (every problem in one run)."""
        self.doc.problems.append(self.doc.problem(_mark(node), message, hint, code=code))
