//! A small JSON Schema validator for the keywords the SARIF 2.1.0 schema
//! uses: `$ref` (local `#/definitions/…`), `type`, `properties`,
//! `additionalProperties`, `required`, `items`, `minItems`, `uniqueItems`,
//! `minimum`, `maximum`, `enum`, `pattern`, `anyOf`, `oneOf`. Annotations
//! (`description`, `default`, `title`) are ignored and so is `format`. Any
//! other keyword fails the validation, so the schema cannot silently use
//! something this does not check.

use serde_json::Value;

const KNOWN: &[&str] = &[
    "$schema",
    "$ref",
    "title",
    "description",
    "default",
    "format",
    "definitions",
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "enum",
    "pattern",
    "anyOf",
    "oneOf",
];

/// Every violation of `schema` by `value`, as `path: problem` lines.
pub fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, value, "$", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(format!("{at}: not allowed"));
        }
        return;
    };
    for key in s.keys() {
        if !KNOWN.contains(&key.as_str()) {
            errors.push(format!("{at}: unsupported schema keyword {key}"));
        }
    }
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/definitions/")
            .unwrap_or_else(|| panic!("unsupported $ref {r}"));
        check(root, &root["definitions"][name], value, at, errors);
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type {t}"),
        };
        if !types.iter().any(|t| has_type(value, t)) {
            errors.push(format!("{at}: expected {types:?}, got {value}"));
            return;
        }
    }
    if let Some(options) = s.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            errors.push(format!("{at}: {value} is not one of {options:?}"));
        }
    }
    if let (Some(p), Some(text)) = (s.get("pattern").and_then(Value::as_str), value.as_str()) {
        if !regex::Regex::new(p).expect("pattern").is_match(text) {
            errors.push(format!("{at}: {text:?} does not match {p}"));
        }
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
            if n < min {
                errors.push(format!("{at}: {n} < minimum {min}"));
            }
        }
        if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
            if n > max {
                errors.push(format!("{at}: {n} > maximum {max}"));
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                errors.push(format!("{at}: fewer than {min} items"));
            }
        }
        if s.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    errors.push(format!("{at}[{i}]: duplicate item"));
                }
            }
        }
        if let Some(item_schema) = s.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(root, item_schema, item, &format!("{at}[{i}]"), errors);
            }
        }
    }
    if let Some(object) = value.as_object() {
        if let Some(required) = s.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    errors.push(format!("{at}: missing required property {name}"));
                }
            }
        }
        let properties = s.get("properties").and_then(Value::as_object);
        for (name, v) in object {
            let here = format!("{at}.{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(p) => check(root, p, v, &here, errors),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        errors.push(format!("{here}: property not allowed"))
                    }
                    Some(extra @ Value::Object(_)) => check(root, extra, v, &here, errors),
                    _ => {}
                },
            }
        }
    }
    let passing = |options: &Value| {
        options
            .as_array()
            .expect("anyOf/oneOf is an array")
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                check(root, o, value, at, &mut e);
                e.is_empty()
            })
            .count()
    };
    if let Some(options) = s.get("anyOf") {
        if passing(options) == 0 {
            errors.push(format!("{at}: matches none of anyOf"));
        }
    }
    if let Some(options) = s.get("oneOf") {
        let n = passing(options);
        if n != 1 {
            errors.push(format!("{at}: matches {n} of oneOf, not exactly one"));
        }
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => panic!("unknown type {t}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::validate;

    #[test]
    fn the_validator_catches_what_the_schema_forbids() {
        let schema: serde_json::Value =
            serde_json::from_str(super::super::formats::SARIF_SCHEMA).expect("schema is JSON");
        let good = json!({
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": { "name": "canon" } },
                "results": [{
                    "message": { "text": "m" },
                    "level": "error",
                    "locations": [{ "physicalLocation": {
                        "artifactLocation": { "uri": "a.py" },
                        "region": { "startLine": 1 },
                    }}],
                }],
            }],
        });
        assert_eq!(validate(&schema, &good), Vec::<String>::new());
        let mut bad = good.clone();
        bad["version"] = json!("2.0");
        let result = &mut bad["runs"][0]["results"][0];
        result["level"] = json!("fatal");
        result["bogus"] = json!(1);
        result["locations"][0]["physicalLocation"]["region"]["startLine"] = json!(0);
        result.as_object_mut().unwrap().remove("message");
        let errors = validate(&schema, &bad);
        for want in [
            "$.version: \"2.0\" is not one of",
            "$.runs[0].results[0].level: \"fatal\" is not one of",
            "$.runs[0].results[0].bogus: property not allowed",
            "$.runs[0].results[0].locations[0].physicalLocation.region.startLine: 0 < minimum 1",
            "$.runs[0].results[0]: missing required property message",
        ] {
            assert!(
                errors.iter().any(|e| e.starts_with(want)),
                "{want}\nnot in:\n{}",
                errors.join("\n")
            );
        }
    }
}
