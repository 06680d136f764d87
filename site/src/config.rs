//! `config.toml`: the one file that says what this county's site is called, where the office
//! is, and which categories and townships jobs may use.
//!
//! The intake service reads the same file and adds its own tables (`[intake]`, more of
//! `[contract]`); tables this crate does not know are left alone.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::domain::slug::{is_valid_slug, slugify};
use crate::error::{Error, IoContext};
use crate::toml_date::TomlDate;

pub const CONFIG_FILE: &str = "config.toml";

#[derive(Debug, Clone)]
pub struct Config {
    pub site: SiteConfig,
    pub office: OfficeConfig,
    pub contract: ContractConfig,
    pub categories: Vec<Term>,
    pub townships: Vec<Term>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_jobs_per_page")]
    pub jobs_per_page: usize,
    #[serde(default = "default_home_jobs")]
    pub home_jobs: usize,
    #[serde(default = "default_home_events")]
    pub home_events: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeConfig {
    pub name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    #[serde(default)]
    pub wechat: String,
    #[serde(default)]
    pub amenities: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
}

/// The service period of the government contract. Other keys (the minimums) belong to the
/// intake service and are ignored here.
#[derive(Debug, Clone, Deserialize)]
pub struct ContractConfig {
    pub service_start: TomlDate,
    pub service_end: TomlDate,
}

/// A category or township that jobs may name, with the URL segment of its list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub slug: String,
}

#[derive(Deserialize)]
struct ConfigFile {
    site: SiteConfig,
    office: OfficeConfig,
    contract: ContractConfig,
    taxonomies: TaxonomiesFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomiesFile {
    category: Vec<TermFile>,
    township: Vec<TermFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermFile {
    name: String,
    slug: Option<String>,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_jobs_per_page() -> usize {
    20
}
fn default_home_jobs() -> usize {
    8
}
fn default_home_events() -> usize {
    4
}

impl Config {
    /// Reads `config.toml` under `root`.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).with_path(&path)?;
        Self::parse(&text)
    }

    /// Parses the text of `config.toml`; problems name their line in that file.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let lines = LineIndex::new(text);
        let problem = |offset: usize, message: String, hint: &str| {
            let (line, col) = lines.position(offset);
            Error::Config(Diagnostic {
                severity: Severity::Error,
                path: CONFIG_FILE.into(),
                line,
                col,
                message,
                hint: hint.into(),
            })
        };
        let raw: ConfigFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            problem(
                offset,
                format!("配置文件有误：{}", e.message().trim()),
                "请对照 README 中的 config.toml 说明修改",
            )
        })?;
        if raw.site.jobs_per_page == 0 {
            return Err(problem(
                text.find("jobs_per_page").unwrap_or(0),
                "jobs_per_page 不能为 0".into(),
                "每页岗位数建议为 20",
            ));
        }
        let categories = terms(raw.taxonomies.category, text, &problem)?;
        let townships = terms(raw.taxonomies.township, text, &problem)?;
        Ok(Config {
            site: SiteConfig {
                base_url: raw.site.base_url.trim_end_matches('/').to_string(),
                ..raw.site
            },
            office: raw.office,
            contract: raw.contract,
            categories,
            townships,
        })
    }

    pub fn category(&self, name: &str) -> Option<&Term> {
        self.categories.iter().find(|t| t.name == name)
    }

    pub fn township(&self, name: &str) -> Option<&Term> {
        self.townships.iter().find(|t| t.name == name)
    }
}

fn terms(
    raw: Vec<TermFile>,
    text: &str,
    problem: &impl Fn(usize, String, &str) -> Error,
) -> Result<Vec<Term>, Error> {
    let mut out: Vec<Term> = Vec::with_capacity(raw.len());
    for term in raw {
        let at = text.find(&format!("\"{}\"", term.name)).unwrap_or(0);
        let slug = term.slug.unwrap_or_else(|| slugify(&term.name));
        if !is_valid_slug(&slug) {
            return Err(problem(
                at,
                format!("“{}”的网址名 {slug:?} 不合规", term.name),
                "slug 只能用小写字母、数字和连字符，例如 slug = \"chengguanzhen\"",
            ));
        }
        if let Some(other) = out.iter().find(|t| t.name == term.name || t.slug == slug) {
            return Err(problem(
                at,
                format!("“{}”与“{}”重复（网址名 {slug}）", term.name, other.name),
                "每个分类或镇名只能出现一次，网址名也不能相同",
            ));
        }
        out.push(Term {
            name: term.name,
            slug,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[site]
title = "石泉县零工市场"
base_url = "https://example.org/"
[office]
name = "服务大厅"
address = "城关镇"
hours = "8:30—18:30"
phone = "0915-6321188"
[contract]
service_start = 2026-03-01
service_end = 2027-02-28
[[taxonomies.category]]
name = "餐饮"
[[taxonomies.township]]
name = "曾溪镇"
slug = "zengxizhen"
[[taxonomies.township]]
name = "城关镇"
"#;

    #[test]
    fn terms_get_pinyin_slugs_unless_given() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(config.categories[0].slug, "canyin");
        assert_eq!(config.township("曾溪镇").unwrap().slug, "zengxizhen");
        assert_eq!(config.township("城关镇").unwrap().slug, "chengguanzhen");
        assert_eq!(config.site.base_url, "https://example.org");
        assert_eq!(config.site.jobs_per_page, 20);
    }

    #[test]
    fn a_wrong_type_names_its_line() {
        let text = MINIMAL.replace("title = \"石泉县零工市场\"", "title = 5");
        let Err(Error::Config(d)) = Config::parse(&text) else {
            panic!("expected a config error");
        };
        assert_eq!(d.path, "config.toml");
        assert_eq!(d.line, 3);
    }

    #[test]
    fn duplicate_terms_are_refused() {
        let text = MINIMAL.replace("name = \"城关镇\"", "name = \"曾溪镇\"");
        assert!(matches!(Config::parse(&text), Err(Error::Config(_))));
    }
}
