//! The command surface of the desktop app, declared once: each command's name, argument types and result
//! type. The Tauri shell implements exactly these commands; [`export_bindings`] writes the TypeScript types
//! of every argument and result (through ts-rs) and `commands.ts`, the map the UI's backend module uses to
//! type each call.

use std::collections::BTreeSet;
use std::path::Path;

use ts_rs::{TypeVisitor, TS};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::accounts::Account;
use crate::arcs::ArcTemplate;
use crate::calendar::PlanView;
use crate::campaigns::{Campaign, CampaignInput};
use crate::contacts::{ContactsExport, ContactsImport, ContactsPreview, ImportOptions, ImportProgress};
use crate::doctor::HealthReport;
use crate::drafts::{DraftContent, DraftView, NewDraft};
use crate::engagement::CampaignReport;
use crate::error::ErrorPayload;
use crate::events::{Event, EventInput, ImportReport, MoveReport};
use crate::inbox::{InboxItem, SyncReport};
use crate::language::Language;
use crate::oauth::SignInPages;
use crate::people::access::AccessExport;
use crate::people::consent::{ConsentInput, ConsentRecord, PostParty, Withdrawal};
use crate::people::duplicates::{DuplicatePair, MergeReport};
use crate::people::erasure::ErasureReport;
use crate::people::interactions::{Interaction, InteractionInput, TimelineFilter};
use crate::people::organisations::{Organisation, OrganisationInput, OrganisationSummary};
use crate::people::retention::RetentionCandidate;
use crate::people::review::{Reciprocity, ReviewQueue};
use crate::people::search::SearchHit;
use crate::people::{Page, Party, Person, PersonInput, PersonSummary};
use crate::planning::PlanningRules;
use crate::posts::{Post, PostInput, PostState};
use crate::profile::{CategoryInput, LibraryProfile, Network, ProfileInput};
use crate::publish::{Publication, PublishReport};
use crate::schedule::{Overdue, SchedulerRound};
use crate::startup::{AfterRestore, Startup};
use crate::store::backup::BackupInfo;
use crate::voice::check::{CheckReport, DraftCheck};
use crate::voice::examples::ExampleOutcome;
use crate::voice::guide::VoiceGuide;
use crate::voice::stored::GuideDocument;

macro_rules! commands {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        /// The TypeScript map from command name to its arguments and result.
        fn commands_typescript(imports: &mut Imports) -> String {
            let mut body = String::new();
            $(
                let args: Vec<String> = vec![$(format!("{}: {}", stringify!($arg), imports.name::<$ty>())),*];
                body.push_str(&format!(
                    "  {}: {{ args: {{ {} }}; result: {} }};\n",
                    stringify!($name),
                    args.join(", "),
                    imports.name::<$ret>()
                ));
            )*
            body
        }
    };
}

commands! {
    startup() -> Startup;
    save_profile(profile: ProfileInput) -> LibraryProfile;
    default_categories(language: Language) -> Vec<CategoryInput>;
    timezones() -> Vec<String>;
    os_timezone() -> Option<String>;
    set_interface_language(language: Option<Language>) -> Language;
    health() -> HealthReport;
    list_backups() -> Vec<BackupInfo>;
    create_backup() -> BackupInfo;
    daily_backup() -> Option<BackupInfo>;
    restore_backup(path: String) -> AfterRestore;
    restore_newest_backup() -> AfterRestore;
    open_data_dir(path: String) -> Startup;
    list_campaigns() -> Vec<Campaign>;
    add_campaign(campaign: CampaignInput) -> Campaign;
    update_campaign(id: Id, campaign: CampaignInput) -> Campaign;
    default_audiences(language: Language) -> Vec<String>;
    plan(from: NaiveDate, to: NaiveDate, campaign_id: Option<Id>) -> PlanView;
    add_post(post: PostInput) -> Post;
    update_post(id: Id, post: PostInput) -> Post;
    move_post(id: Id, day: NaiveDate) -> Post;
    list_events(from: NaiveDate, to: NaiveDate) -> Vec<Event>;
    add_event(event: EventInput) -> Event;
    update_event(id: Id, event: EventInput) -> Event;
    import_events_file(path: String) -> ImportReport;
    import_events_url(url: String) -> ImportReport;
    default_arc_template() -> ArcTemplate;
    generate_arc(event_id: Id, campaign_id: Option<Id>, template: ArcTemplate) -> Vec<Post>;
    reschedule_event(id: Id, starts_at: NaiveDateTime, move_posts: bool) -> MoveReport;
    planning_rules() -> PlanningRules;
    set_planning_rules(rules: PlanningRules) -> PlanningRules;
    export_calendar(path: String, campaign_id: Option<Id>) -> String;
    check_draft(draft: DraftCheck) -> CheckReport;
    check_answer(draft: DraftCheck) -> CheckReport;
    voice_guide() -> GuideDocument;
    save_voice_guide(guide: VoiceGuide) -> GuideDocument;
    save_voice_guide_source(source: String) -> GuideDocument;
    import_voice_guide(path: String) -> GuideDocument;
    export_voice_guide(path: String) -> String;
    reset_voice_guide() -> GuideDocument;
    test_voice_guide() -> Vec<ExampleOutcome>;
    fill_template(text: String, event_id: Option<Id>, lang: Language) -> String;
    list_drafts() -> Vec<Post>;
    get_draft(id: Id) -> DraftView;
    create_draft(draft: NewDraft) -> DraftView;
    save_draft(id: Id, content: DraftContent) -> DraftView;
    set_post_state(id: Id, state: PostState, override_reason: Option<String>) -> DraftView;
    list_people(page: Page) -> Vec<PersonSummary>;
    get_person(id: Id) -> Person;
    add_person(person: PersonInput) -> Person;
    update_person(id: Id, person: PersonInput) -> Person;
    erase_person(id: Id) -> ErasureReport;
    export_person(id: Id, folder: String) -> AccessExport;
    list_organisations(page: Page) -> Vec<OrganisationSummary>;
    get_organisation(id: Id) -> Organisation;
    add_organisation(organisation: OrganisationInput) -> Organisation;
    update_organisation(id: Id, organisation: OrganisationInput) -> Organisation;
    log_interaction(interaction: InteractionInput) -> Interaction;
    timeline(party: Party, filter: TimelineFilter, page: Page) -> Vec<Interaction>;
    get_interaction(id: Id) -> Interaction;
    set_awaiting_reply(id: Id, awaiting: bool) -> bool;
    snooze(party: Party, until: Option<NaiveDate>) -> Option<NaiveDate>;
    review_queue() -> ReviewQueue;
    reciprocity(party: Party) -> Reciprocity;
    retention_candidates(months: u32) -> Vec<RetentionCandidate>;
    search_people(text: String) -> Vec<SearchHit>;
    list_consents(person_id: Id) -> Vec<ConsentRecord>;
    add_consent(consent: ConsentInput) -> ConsentRecord;
    withdraw_consent(id: Id, on: NaiveDate) -> Withdrawal;
    post_parties(post_id: Id) -> Vec<PostParty>;
    set_post_parties(post_id: Id, parties: Vec<PostParty>) -> Vec<PostParty>;
    preview_contacts(path: String) -> ContactsPreview;
    import_contacts(path: String, options: ImportOptions) -> ContactsImport;
    cancel_import() -> bool;
    export_contacts(path: String) -> ContactsExport;
    find_duplicates() -> Vec<DuplicatePair>;
    merge_people(keep: Id, other: Id) -> MergeReport;
    mark_distinct(a: Id, b: Id) -> bool;
    list_accounts() -> Vec<Account>;
    start_mastodon_sign_in(server: String) -> SignInPages;
    wait_mastodon_sign_in() -> Account;
    finish_mastodon_sign_in(code: String) -> Account;
    cancel_mastodon_sign_in() -> bool;
    add_mastodon_account(server: String, token: String) -> Account;
    add_bluesky_account(handle: String, password: String, service: Option<String>) -> Account;
    publish_post(id: Id, network: Option<Network>) -> PublishReport;
    post_publications(post_id: Id) -> Vec<Publication>;
    sync_inbox() -> SyncReport;
    list_inbox(unread_only: bool) -> Vec<InboxItem>;
    log_inbox_item(id: Id) -> Interaction;
    mark_inbox_read(id: Id, read: bool) -> bool;
    answer_inbox_item(id: Id, text: String) -> Interaction;
    overdue_posts() -> Vec<Overdue>;
    campaign_report(id: Id) -> CampaignReport;
    refresh_campaign_report(id: Id) -> CampaignReport;
    open_link(url: String) -> ();
}

/// The event the window hears when the scheduler published or confirmed posts (a [`SchedulerRound`]).
pub const SCHEDULE_EVENT: &str = "scheduled-posts-published";

/// The event the window hears when the periodic inbox check brought new messages (a [`SyncReport`]).
pub const INBOX_EVENT: &str = "inbox-new-messages";

/// The event the window hears while contacts are imported.
pub const IMPORT_PROGRESS_EVENT: &str = "contacts-import-progress";

/// A record's id as the window sees it: a JavaScript number (SQLite ids stay far below 2^53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct Id(#[ts(type = "number")] pub i64);

/// Collects the named types a TypeScript expression refers to, exporting each into a folder.
struct Imports<'a> {
    dir: &'a Path,
    names: BTreeSet<String>,
    error: Option<ts_rs::ExportError>,
}

impl Imports<'_> {
    /// The TypeScript spelling of `T`, after exporting every named type it mentions.
    fn name<T: TS + 'static>(&mut self) -> String {
        if T::output_path().is_some() {
            self.visit::<T>();
        } else {
            T::visit_dependencies(self);
            T::visit_generics(self);
        }
        T::name()
    }
}

impl TypeVisitor for Imports<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() || self.error.is_some() {
            return;
        }
        self.names.insert(T::ident());
        self.error = T::export_all_to(self.dir).err();
    }
}

/// Writes the bindings of every command, plus [`ErrorPayload`], into `dir`.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    let mut imports = Imports {
        dir,
        names: BTreeSet::new(),
        error: None,
    };
    imports.name::<ErrorPayload>();
    // The payloads of IMPORT_PROGRESS_EVENT and SCHEDULE_EVENT.
    imports.name::<ImportProgress>();
    imports.name::<SchedulerRound>();
    let body = commands_typescript(&mut imports);
    if let Some(error) = imports.error {
        return Err(error);
    }
    let mut file = String::from("// Generated from src/api.rs by `make bindings`. Do not edit.\n\n");
    for name in &imports.names {
        file.push_str(&format!("import type {{ {name} }} from \"./{name}\";\n"));
    }
    file.push_str("\n/** Every command the desktop shell exposes: its arguments and its result. */\n");
    file.push_str("export type Commands = {\n");
    file.push_str(&body);
    file.push_str("};\n\nexport type { ");
    file.push_str(&imports.names.iter().cloned().collect::<Vec<_>>().join(", "));
    file.push_str(" };\n");
    std::fs::write(dir.join("commands.ts"), file)?;
    Ok(())
}
