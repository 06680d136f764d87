//! Template data, computed once the library is complete. Templates receive these views and
//! nothing else (never `Job`, `Library` or `Config`), so they only lay out text.

pub mod calendar;
pub mod dates;
pub mod event;
pub mod job;
pub mod pager;
pub mod policy;
pub mod poster;
pub mod site;

pub use calendar::{CalendarView, MonthView};
pub use event::{EventCard, EventView};
pub use job::{JobCard, JobView};
pub use pager::Pager;
pub use policy::{PolicyCard, PolicyView, TopicView};
pub use poster::PosterView;
pub use site::{Link, SiteView};
