"""Front matter: a file's text and YAML read strictly (characters, yaml_loader, source, syntax) and
checked against the schema (schema, event, moments, strict, validation), every problem with its
line and an Indonesian message."""
