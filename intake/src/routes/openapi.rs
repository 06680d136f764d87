//! `GET /intake/openapi.json`: an OpenAPI 3 description of the JSON side of the form
//! endpoints, generated from the same form definitions the service checks against, with an
//! example for every request body that the service accepts (a test posts each one).

use axum::Json;
use axum::extract::State;
use jiff::ToSpan;
use lingong_site::forms::{Field, FieldKind, FormSpec};
use serde_json::{Map, Value, json};

use crate::state::AppState;

pub async fn openapi(State(state): State<AppState>) -> Json<Value> {
    let today = lingong_site::today::today_in_shanghai();
    let job = state.jobs.any_open(today).unwrap_or_default();
    Json(document(&state.forms, &state.site_title, &job, today))
}

pub fn document(
    forms: &[FormSpec],
    title: &str,
    open_job: &str,
    today: jiff::civil::Date,
) -> Value {
    let mut paths = Map::new();
    for (i, form) in forms.iter().enumerate() {
        paths.insert(
            format!("/intake/{}", form.id),
            path_item(form, i, open_job, today),
        );
    }
    paths.insert(
        "/intake/health".into(),
        json!({ "get": { "summary": "服务是否在运行", "responses": { "200": {
            "description": "运行中",
            "content": { "application/json": { "schema": { "type": "object", "properties": { "status": { "type": "string", "enum": ["ok"] } } } } }
        } } } }),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": format!("{title} 受理接口"),
            "version": "1",
            "description": "五个公开表单的 JSON 接口。同一地址也接受浏览器表单（application/x-www-form-urlencoded），成功时 303 跳转到感谢页。"
        },
        "paths": paths,
        "components": { "schemas": {
            "Stored": { "type": "object", "required": ["status", "id"], "properties": {
                "status": { "type": "string", "enum": ["stored"] }, "id": { "type": "string", "format": "uuid" } } },
            "Duplicate": { "type": "object", "required": ["status", "id"], "properties": {
                "status": { "type": "string", "enum": ["duplicate"] },
                "id": { "type": "string", "format": "uuid", "description": "第一次提交的编号" } } },
            "Invalid": { "type": "object", "required": ["status", "errors"], "properties": {
                "status": { "type": "string", "enum": ["invalid"] },
                "errors": { "type": "object", "additionalProperties": { "type": "string" }, "description": "字段名 → 中文说明" } } },
            "Error": { "type": "object", "required": ["status", "message"], "properties": {
                "status": { "type": "string", "enum": ["error"] }, "message": { "type": "string" } } }
        } }
    })
}

fn path_item(form: &FormSpec, index: usize, open_job: &str, today: jiff::civil::Date) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut example = Map::new();
    properties.insert(
        "submission_id".into(),
        json!({ "type": "string", "format": "uuid", "description": "客户端生成的编号；重复提交同一编号只保存一次" }),
    );
    example.insert(
        "submission_id".into(),
        json!(format!("3f2504e0-4f89-41d3-9a0c-{index:012x}")),
    );
    for field in &form.fields {
        properties.insert(field.name.into(), schema(field));
        if field.required {
            required.push(field.name);
        }
        if let Some(value) = example_value(field, open_job, today)
            && (field.required || !matches!(field.kind, FieldKind::Consent))
        {
            example.insert(field.name.into(), value);
        }
    }
    let error = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    json!({ "post": {
        "summary": form.title,
        "description": format!("{} 个人信息：{}收集，用于{}；{}。", form.intro, form.privacy.collector, form.privacy.purpose, form.privacy.retention),
        "operationId": format!("submit_{}", form.id),
        "requestBody": { "required": true, "content": { "application/json": {
            "schema": { "type": "object", "required": required, "properties": properties },
            "example": example
        } } },
        "responses": {
            "201": { "description": "已保存（写入磁盘后才返回）", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Stored" } } } },
            "409": { "description": "重复提交，返回第一次的编号", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Duplicate" } } } },
            "422": { "description": "有字段不符合要求", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Invalid" } } } },
            "400": error("JSON 格式有误或编码不是 UTF-8"),
            "413": error("内容超过 64 KB"),
            "415": error("Content-Type 不是 JSON 或表单"),
            "429": error("同一地址提交太频繁"),
            "503": error("暂时无法保存，未保存任何内容")
        }
    } })
}

fn schema(field: &Field) -> Value {
    let mut schema = match &field.kind {
        FieldKind::Text { max } | FieldKind::TextArea { max } => {
            json!({ "type": "string", "maxLength": max })
        }
        FieldKind::Mobile => {
            json!({ "type": "string", "pattern": "^(\\+?86)?1[3-9][0-9]{9}$", "description": "手机号；空格和短横会被去掉" })
        }
        FieldKind::CreditCode => {
            json!({ "type": "string", "minLength": 18, "maxLength": 18, "description": "统一社会信用代码；校验位不符时照收并标记人工复核" })
        }
        FieldKind::Integer { min, max } => {
            json!({ "type": "integer", "minimum": min, "maximum": max })
        }
        FieldKind::Money { max } => {
            json!({ "type": "number", "minimum": 0.01, "maximum": max, "multipleOf": 0.01 })
        }
        FieldKind::Date => json!({ "type": "string", "format": "date" }),
        FieldKind::Select { options } | FieldKind::Radio { options } => {
            json!({ "type": "string", "enum": options })
        }
        FieldKind::Multi { options } => {
            json!({ "type": "array", "items": { "type": "string", "enum": options }, "uniqueItems": true })
        }
        FieldKind::Consent => json!({ "type": "boolean", "description": "true 表示勾选同意" }),
        FieldKind::Hidden => json!({ "type": "string", "maxLength": 200 }),
    };
    let description = if field.help.is_empty() {
        field.label.to_string()
    } else {
        format!("{}（{}）", field.label, field.help)
    };
    if let Value::Object(map) = &mut schema {
        map.entry("description").or_insert(json!(description));
    }
    schema
}

/// A value the service accepts for a field, for the documented example.
fn example_value(field: &Field, open_job: &str, today: jiff::civil::Date) -> Option<Value> {
    Some(match &field.kind {
        FieldKind::Text { .. } | FieldKind::TextArea { .. } => json!(match field.name {
            "name" | "contact" => "张秀英",
            "surveyor" => "刘干事",
            "employer" => "石泉县老街面馆",
            "title" => "招洗碗工",
            "village" => "五爱村",
            "address" => "石泉县城关镇老街 28 号",
            "duties" => "洗碗、收拾后厨",
            _ => "无",
        }),
        FieldKind::Mobile => json!("13800000000"),
        FieldKind::CreditCode => return None,
        FieldKind::Integer { min, max } => json!((min + max) / 2),
        FieldKind::Money { .. } => json!(150),
        FieldKind::Date => json!(today.checked_add(7.days()).unwrap_or(today).to_string()),
        FieldKind::Select { options } | FieldKind::Radio { options } => json!(options.first()?),
        FieldKind::Multi { options } => json!([options.first()?]),
        FieldKind::Consent => json!(true),
        FieldKind::Hidden => json!(open_job),
    })
}
