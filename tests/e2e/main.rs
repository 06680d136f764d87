//! End-to-end tests: the real `lingong-site` binary on real folders. One test binary, a module
//! per area; test names read as sentences.

mod html_validity;
mod site_atomic;
mod site_build;
mod site_errors;
mod site_poster;
mod site_search;
mod site_serve;
