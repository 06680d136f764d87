//! The government contract as numbers: the service period and the minimums of `[contract]`
//! in config.toml. The dashboard and the monthly report measure progress against these.

use jiff::civil::Date;
use serde::Deserialize;

/// The contract's minimums over the service period. Defaults are the procurement text's.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Minimums {
    pub events_total: u32,
    pub events_offline: u32,
    pub events_online: u32,
    pub services: u32,
    pub placements: u32,
    pub followup_rate: f64,
    pub platform_signups: u32,
    pub response_workdays: i64,
    pub evidence_workdays: i64,
    pub satisfaction: f64,
}

impl Default for Minimums {
    fn default() -> Self {
        Self {
            events_total: 28,
            events_offline: 18,
            events_online: 10,
            services: 1900,
            placements: 600,
            followup_rate: 0.5,
            platform_signups: 100,
            response_workdays: 2,
            evidence_workdays: 5,
            satisfaction: 0.9,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    pub service_start: Date,
    pub service_end: Date,
    pub minimums: Minimums,
}

#[derive(Deserialize)]
struct File {
    contract: ContractFile,
}

#[derive(Deserialize)]
struct ContractFile {
    service_start: toml::value::Datetime,
    service_end: toml::value::Datetime,
    #[serde(flatten)]
    minimums: Minimums,
}

impl Contract {
    /// Reads `[contract]` from the text of config.toml.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let date = |value: toml::value::Datetime, key: &str| -> Result<Date, String> {
            let d = value
                .date
                .ok_or_else(|| format!("[contract] {key} 应是日期，如 2026-03-01"))?;
            Date::new(d.year as i16, d.month as i8, d.day as i8)
                .map_err(|e| format!("[contract] {key}：{e}"))
        };
        let contract = Contract {
            service_start: date(file.contract.service_start, "service_start")?,
            service_end: date(file.contract.service_end, "service_end")?,
            minimums: file.contract.minimums,
        };
        if contract.service_end < contract.service_start {
            return Err("[contract] service_end 早于 service_start".into());
        }
        Ok(contract)
    }

    /// Share of the service period elapsed by the end of `today` (0 before it starts, 1 after).
    pub fn elapsed_share(&self, today: Date) -> f64 {
        let total = (self.service_end - self.service_start)
            .get_days()
            .saturating_add(1) as f64;
        let done = ((today - self.service_start).get_days() + 1) as f64;
        (done / total).clamp(0.0, 1.0)
    }

    /// The months of the service period, as (year, month), in order.
    pub fn months(&self) -> Vec<(i16, i8)> {
        let mut months = Vec::new();
        let mut d = self.service_start.first_of_month();
        while d <= self.service_end {
            months.push((d.year(), d.month()));
            d = d
                .checked_add(jiff::Span::new().months(1))
                .expect("a month later exists");
        }
        months
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TEXT: &str =
        "[contract]\nservice_start = 2026-03-01\nservice_end = 2027-02-28\nservices = 10\n";

    #[test]
    fn minimums_default_to_the_procurement_text() {
        let c = Contract::parse(TEXT).unwrap();
        assert_eq!(c.minimums.services, 10);
        assert_eq!(c.minimums.placements, 600);
        assert_eq!(c.months().len(), 12);
        assert_eq!(c.months()[0], (2026, 3));
        assert_eq!(c.months()[11], (2027, 2));
    }

    #[test]
    fn the_pace_is_the_share_of_the_period_elapsed() {
        let c = Contract::parse(TEXT).unwrap();
        assert_eq!(c.elapsed_share(date(2026, 1, 1)), 0.0);
        assert_eq!(c.elapsed_share(date(2027, 2, 28)), 1.0);
        let half = c.elapsed_share(date(2026, 8, 30));
        assert!((0.49..0.51).contains(&half), "{half}");
    }

    #[test]
    fn a_reversed_period_is_refused() {
        let text = "[contract]\nservice_start = 2026-03-01\nservice_end = 2025-02-28\n";
        assert!(Contract::parse(text).unwrap_err().contains("早于"));
    }
}
