//! What every page shows: the site's name, navigation and the office's contact details.
//! Built once per build and put in Tera's global context.

use serde::Serialize;

use crate::config::Config;
use crate::domain::phone::Phone;
use crate::urls;

#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub office: OfficeView,
    pub nav: Vec<NavItem>,
    pub footer_links: Vec<Link>,
    pub categories: Vec<Link>,
    pub townships: Vec<Link>,
    /// `/style.css?v=…`: the query changes with the stylesheet so phones never keep a stale one.
    pub stylesheet: String,
    pub service_period: String,
}

#[derive(Debug, Serialize)]
pub struct OfficeView {
    pub name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub phone_tel: String,
    pub wechat: String,
    pub amenities: Vec<String>,
    pub services: Vec<String>,
}

/// A main navigation entry; `key` matches the `nav_current` of the pages under it.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub key: &'static str,
    pub title: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

impl Link {
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            url: url.into(),
        }
    }
}

/// A `tel:` URI for any phone as written: parsed numbers get `+86`, others keep their digits.
pub fn tel_uri(phone: &str, parsed: Option<&Phone>) -> String {
    match parsed {
        Some(p) => p.tel_uri(),
        None => {
            let digits: String = phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        }
    }
}

impl SiteView {
    pub fn new(config: &Config, stylesheet_version: &str, page_slugs: &[(String, String)]) -> Self {
        let office = &config.office;
        let phone = Phone::parse(&office.phone).ok();
        let mut footer_links = Vec::new();
        for (slug, title) in page_slugs {
            footer_links.push(Link::new(title.clone(), urls::page(slug)));
        }
        let mut nav = vec![
            NavItem {
                key: "home",
                title: "首页",
                url: urls::home(),
            },
            NavItem {
                key: "jobs",
                title: "找工作",
                url: urls::jobs(),
            },
            NavItem {
                key: "events",
                title: "招聘活动",
                url: urls::events(),
            },
            NavItem {
                key: "search",
                title: "搜索",
                url: urls::search(),
            },
            NavItem {
                key: "policies",
                title: "政策",
                url: urls::policies(),
            },
        ];
        if page_slugs.iter().any(|(s, _)| s == "about") {
            nav.push(NavItem {
                key: "about",
                title: "关于",
                url: urls::page("about"),
            });
        }
        SiteView {
            title: config.site.title.clone(),
            description: config.site.description.clone(),
            base_url: config.site.base_url.clone(),
            language: config.site.language.clone(),
            office: OfficeView {
                name: office.name.clone(),
                address: office.address.clone(),
                hours: office.hours.clone(),
                phone: office.phone.clone(),
                phone_tel: tel_uri(&office.phone, phone.as_ref()),
                wechat: office.wechat.clone(),
                amenities: office.amenities.clone(),
                services: office.services.clone(),
            },
            nav,
            footer_links,
            categories: config
                .categories
                .iter()
                .map(|t| Link::new(t.name.clone(), urls::category(&t.slug)))
                .collect(),
            townships: config
                .townships
                .iter()
                .map(|t| Link::new(t.name.clone(), urls::township(&t.slug)))
                .collect(),
            stylesheet: format!("/style.css?v={stylesheet_version}"),
            service_period: format!(
                "{} 至 {}",
                super::dates::full(config.contract.service_start.0),
                super::dates::full(config.contract.service_end.0)
            ),
        }
    }
}
