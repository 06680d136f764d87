//! Page links of a paginated list: previous, next, and a short row of numbers.

use serde::Serialize;

use crate::urls;

#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub first_item: usize,
    pub last_item: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// `None` stands for a gap (`…`).
    pub number: Option<usize>,
    pub url: String,
    pub current: bool,
}

impl Pager {
    /// Pager for page `current` (1-based) of `total_items` split `per_page` to a page.
    pub fn new(base: &str, current: usize, per_page: usize, total_items: usize) -> Self {
        let total_pages = total_items.div_ceil(per_page).max(1);
        let link = |n: usize| PageLink {
            number: Some(n),
            url: urls::paginated(base, n),
            current: n == current,
        };
        // First, last, and two either side of the current page; gaps shown once.
        let mut pages = Vec::new();
        let mut last_shown = 0;
        for n in 1..=total_pages {
            let near = n.abs_diff(current) <= 2;
            if n == 1 || n == total_pages || near {
                if last_shown + 1 < n {
                    pages.push(PageLink {
                        number: None,
                        url: String::new(),
                        current: false,
                    });
                }
                pages.push(link(n));
                last_shown = n;
            }
        }
        Pager {
            current,
            total_pages,
            total_items,
            first_item: if total_items == 0 {
                0
            } else {
                (current - 1) * per_page + 1
            },
            last_item: (current * per_page).min(total_items),
            prev_url: (current > 1).then(|| urls::paginated(base, current - 1)),
            next_url: (current < total_pages).then(|| urls::paginated(base, current + 1)),
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_page_has_gaps_and_neighbours() {
        let p = Pager::new("/jobs/", 10, 20, 500);
        assert_eq!(p.total_pages, 25);
        assert_eq!((p.first_item, p.last_item), (181, 200));
        let numbers: Vec<Option<usize>> = p.pages.iter().map(|l| l.number).collect();
        assert_eq!(
            numbers,
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(25)
            ]
        );
        assert_eq!(p.prev_url.as_deref(), Some("/jobs/page/9/"));
        assert_eq!(p.next_url.as_deref(), Some("/jobs/page/11/"));
    }

    #[test]
    fn single_and_empty_lists() {
        let p = Pager::new("/jobs/", 1, 20, 0);
        assert_eq!((p.total_pages, p.first_item, p.last_item), (1, 0, 0));
        assert!(p.prev_url.is_none() && p.next_url.is_none());
        assert_eq!(Pager::new("/jobs/", 1, 20, 20).total_pages, 1);
        assert_eq!(Pager::new("/jobs/", 2, 20, 21).last_item, 21);
    }
}
