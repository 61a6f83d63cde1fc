"""The built-in extractors: one module per fact kind, each a pure function of a segmented Doc.

Every extractor module declares its kind once, at its end:

    SPEC = register(KindSpec(name=..., value_model=..., extract=..., key=..., ...))

with `extract(doc: Doc, prior: Mapping[str, Sequence[Fact]]) -> list[Fact]`. `prior` holds
the facts of the kinds run before it (at least its `requires`), so the date extractor's
years are not counted again as indicators, documents can link to their dates, and so on.
The registry and the run order live in pipeline.types (`kind_specs`, `plan`); running
extractors (offset check, time budget, error isolation) is pipeline.runner's job.
Extractors import only pipeline.types, pipeline.text, pipeline.numbers and their own data
files: never the store, the runner, the engine or the CLI. See docs/extending.md.
"""
