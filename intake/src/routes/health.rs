use axum::Json;
use serde_json::{Value, json};

/// For monitors and load balancers: the process is up and answering.
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
