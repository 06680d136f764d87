//! Template data for policy explainers.

use serde::Serialize;

use super::dates;
use crate::content::Policy;
use crate::domain::slug::slugify;
use crate::urls;

#[derive(Debug, Clone, Serialize)]
pub struct PolicyCard {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub topic: String,
    pub topic_url: String,
    pub issuer: String,
}

#[derive(Debug, Serialize)]
pub struct PolicyView<'a> {
    pub card: &'a PolicyCard,
    pub doc_number: Option<&'a str>,
    pub effective: Option<String>,
    pub date: Option<String>,
    pub source_url: Option<&'a str>,
    pub body_html: &'a str,
}

/// Policies of one topic, for the grouped list and the topic's own page.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub name: String,
    pub url: String,
    pub policies: Vec<PolicyCard>,
}

pub fn topic_slug(topic: &str) -> String {
    match slugify(topic) {
        s if s.is_empty() => "qita".into(),
        s => s,
    }
}

impl PolicyCard {
    pub fn new(policy: &Policy) -> Self {
        PolicyCard {
            url: urls::policy(&policy.file.slug),
            title: policy.title.clone(),
            description: policy.description.clone(),
            topic: policy.topic.clone(),
            topic_url: urls::policy_topic(&topic_slug(&policy.topic)),
            issuer: policy.issuer.clone(),
        }
    }
}

impl<'a> PolicyView<'a> {
    pub fn new(policy: &'a Policy, card: &'a PolicyCard) -> Self {
        PolicyView {
            card,
            doc_number: policy.doc_number.as_deref(),
            effective: policy.effective.map(dates::full),
            date: policy.date.map(dates::full),
            source_url: policy.source_url.as_deref(),
            body_html: &policy.body_html,
        }
    }
}
