//! The content model: files under `content/` parsed into typed jobs, events, policies and
//! pages. `library::load` is the entry point.

pub mod common;
pub mod event;
pub mod fields;
pub mod file_info;
pub mod front_matter;
pub mod job;
pub mod library;
pub mod page;
pub mod policy;

pub use event::{Event, EventKind};
pub use job::{Job, Pay, PayUnit};
pub use library::{Library, Section, SectionKind};
pub use page::Page;
pub use policy::Policy;
