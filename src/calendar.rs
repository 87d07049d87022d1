//! What the calendar shows for a range of local days: the posts, the campaigns they belong to, the content
//! mix and the planning warnings, in one call so the window can draw a month at once.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::campaigns::{self, Campaign};
use crate::error::{Error, Result};
use crate::local_time;
use crate::planning::{self, Mix, PlanWarning, PlanningRules};
use crate::posts::{self, Post};
use crate::profile::{self, Network};
use crate::store::Store;

/// The plan for `from..=to` (local days), optionally one campaign's only.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlanView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub posts: Vec<Post>,
    pub campaigns: Vec<Campaign>,
    pub mix: Mix,
    pub warnings: Vec<PlanWarning>,
    pub rules: PlanningRules,
}

/// Loads the plan for the local days `from..=to`.
pub fn view(store: &Store, from: NaiveDate, to: NaiveDate, campaign_id: Option<i64>) -> Result<PlanView> {
    if to < from {
        return Err(Error::invalid("to", format!("{to} is before {from}")));
    }
    let library = profile::load(store)?.ok_or(Error::NotInitialised)?;
    let tz = local_time::zone(&library.timezone)?;
    let posts = posts::list(store, posts::local_days(tz, from, to, campaign_id)?)?;
    let campaigns = match campaign_id {
        Some(id) => vec![campaigns::get(store, id)?],
        None => campaigns::overlapping(store, from, to)?,
    };
    let targets = match campaign_id {
        Some(_) => campaigns[0].mix_targets.clone(),
        None => Vec::new(),
    };
    let rules = PlanningRules::default();
    let mix = planning::mix(&posts, &library.categories, &targets);
    let mut warnings = planning::mix_warnings(&mix, &rules);
    let channels: Vec<Network> = match campaign_id {
        Some(_) => campaigns[0].channels.clone(),
        None => library.handles.iter().map(|h| h.network).collect(),
    };
    warnings.extend(planning::rhythm_warnings(&posts, &channels, from, to, &rules));
    Ok(PlanView {
        from,
        to,
        posts,
        campaigns,
        mix,
        warnings,
        rules,
    })
}
