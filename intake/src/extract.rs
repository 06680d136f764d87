//! Reading a form post: urlencoded (browsers without script) or JSON (the offline queue, other
//! systems), into the same `Input` the form rules check.

use axum::http::HeaderMap;
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use lingong_site::forms::Input;

use crate::error::AppError;

/// How the client talks: an HTML form gets pages and redirects, a JSON client gets JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Html,
    Json,
}

pub fn dialect(headers: &HeaderMap) -> Dialect {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    if header(CONTENT_TYPE).starts_with("application/json")
        || header(ACCEPT).starts_with("application/json")
    {
        Dialect::Json
    } else {
        Dialect::Html
    }
}

/// Parses the body by its content type. Invalid UTF-8, malformed JSON and other content types
/// are refused with a message, before any rule runs.
pub fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Input, AppError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "application/x-www-form-urlencoded" => {
            let text = std::str::from_utf8(body)
                .map_err(|_| AppError::BadRequest("提交的内容不是 UTF-8 编码"))?;
            let pairs: Vec<(String, String)> = serde_urlencoded::from_str(text)
                .map_err(|_| AppError::BadRequest("表单数据格式有误"))?;
            if pairs
                .iter()
                .any(|(k, v)| k.contains('\u{fffd}') || v.contains('\u{fffd}'))
            {
                return Err(AppError::BadRequest("提交的内容不是 UTF-8 编码"));
            }
            Ok(Input::from_pairs(pairs))
        }
        "application/json" => {
            let value: serde_json::Value =
                serde_json::from_slice(body).map_err(|_| AppError::BadRequest("JSON 格式有误"))?;
            let serde_json::Value::Object(map) = value else {
                return Err(AppError::BadRequest(
                    "JSON 应为一个对象，如 {\"name\": \"张三\"}",
                ));
            };
            let mut pairs = Vec::new();
            for (key, value) in map {
                match value {
                    serde_json::Value::Array(items) => {
                        for item in items {
                            pairs.push((key.clone(), scalar(item)?));
                        }
                    }
                    other => pairs.push((key, scalar(other)?)),
                }
            }
            Ok(Input::from_pairs(pairs))
        }
        _ => Err(AppError::UnsupportedType),
    }
}

fn scalar(value: serde_json::Value) -> Result<String, AppError> {
    Ok(match value {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        // A ticked box: true is ticked, false is not.
        serde_json::Value::Bool(true) => "同意".into(),
        serde_json::Value::Bool(false) | serde_json::Value::Null => String::new(),
        _ => {
            return Err(AppError::BadRequest(
                "JSON 字段的值只能是文字、数字、真假或它们的列表",
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(content_type: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        h
    }

    #[test]
    fn urlencoded_and_json_give_the_same_input() {
        let form = parse_body(
            &headers("application/x-www-form-urlencoded; charset=UTF-8"),
            "name=%E5%BC%A0%E4%B8%89&categories=a&categories=b".as_bytes(),
        )
        .unwrap();
        let json = parse_body(
            &headers("application/json"),
            r#"{"name":"张三","categories":["a","b"]}"#.as_bytes(),
        )
        .unwrap();
        assert_eq!(form.0, json.0);
    }

    #[test]
    fn bad_bodies_are_refused() {
        assert!(matches!(
            parse_body(
                &headers("application/x-www-form-urlencoded"),
                b"name=%FF%FE"
            ),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            parse_body(&headers("application/x-www-form-urlencoded"), &[0xff, 0xfe]),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            parse_body(&headers("application/json"), b"{"),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            parse_body(&headers("application/json"), b"[1]"),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            parse_body(&headers("text/plain"), b"x"),
            Err(AppError::UnsupportedType)
        ));
    }
}
