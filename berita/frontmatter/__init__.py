"""Front matter: a file's YAML read strictly (source, syntax) and checked against the
schema (schema, validation), every problem with its line and an Indonesian message."""
