"""JSON Schema of the data files, generated from the models."""

from __future__ import annotations

import json

from tradetrack.files import models as m


def json_schema(which: str = "commitments") -> str:
    model = m.CommitmentsFile if which == "commitments" else m.ProgressRecord
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tradetrack commitments file" if which == "commitments" else "tradetrack progress record"
    return json.dumps(schema, indent=2, ensure_ascii=False)
