//! Template data for recruitment events.

use jiff::civil::Date;
use serde::Serialize;

use super::dates;
use crate::content::{Event, EventKind};
use crate::urls;

#[derive(Debug, Clone, Serialize)]
pub struct EventCard {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub online: bool,
    pub format: Option<&'static str>,
    pub when: String,
    pub start_iso: String,
    pub place: String,
    pub cancelled: bool,
    pub upcoming: bool,
    pub summary: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    pub card: &'a EventCard,
    pub description: Option<&'a str>,
    pub organizer: &'a str,
    pub location: Option<&'a str>,
    pub stream_url: Option<&'a str>,
    pub employers: &'a [String],
    pub body_html: &'a str,
    /// This event alone as iCalendar, for "加入日历".
    pub ics_url: String,
}

impl EventCard {
    /// An event is upcoming until the end of the day it ends on.
    pub fn new(event: &Event, today: Date) -> Self {
        EventCard {
            url: urls::event(&event.file.slug),
            title: event.title.clone(),
            kind: event.kind.label(),
            online: event.kind == EventKind::Online,
            format: event.format,
            when: dates::span(&event.start, &event.end),
            start_iso: event.start.timestamp().to_string(),
            place: match event.kind {
                EventKind::Offline => event.location.clone().unwrap_or_default(),
                EventKind::Online => "线上直播".into(),
            },
            cancelled: event.cancelled,
            upcoming: event.end.date() >= today,
            summary: event.summary.clone(),
        }
    }
}

impl<'a> EventView<'a> {
    pub fn new(event: &'a Event, card: &'a EventCard) -> Self {
        EventView {
            card,
            description: event.description.as_deref(),
            organizer: &event.organizer,
            location: event.location.as_deref(),
            stream_url: event.stream_url.as_deref(),
            employers: &event.employers,
            body_html: &event.body_html,
            ics_url: urls::event_ics(&event.file.slug),
        }
    }
}
