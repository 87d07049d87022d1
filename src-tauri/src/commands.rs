//! The Tauri commands: one thin async adapter per entry of `agora::api`, each running a core function on a
//! blocking thread. No logic and no SQL lives here.

use std::path::{Path, PathBuf};

use agora::accounts::{self, Account};
use agora::arcs::{self, ArcTemplate};
use agora::calendar::{self, PlanView};
use agora::campaigns::{self, Campaign, CampaignInput};
use agora::contacts::{self, ContactsExport, ContactsImport, ContactsPreview, ImportOptions};
use agora::doctor::{self, HealthReport};
use agora::drafts::{self, DraftContent, DraftView, NewDraft};
use agora::engagement::{self, CampaignReport};
use agora::events::{self, Event, EventInput, ImportReport, MoveReport};
use agora::inbox::{self, InboxItem, SyncReport};
use agora::io::fetch::Retry;
use agora::oauth::{self, SignInPages};
use agora::people::access::{self, AccessExport};
use agora::people::consent::{self, ConsentInput, ConsentRecord, PostParty, Withdrawal};
use agora::people::duplicates::{self, DuplicatePair, MergeReport};
use agora::people::erasure::{self, ErasureReport};
use agora::people::interactions::{self, Interaction, InteractionInput, TimelineFilter};
use agora::people::organisations::{self, Organisation, OrganisationInput, OrganisationSummary};
use agora::people::retention::{self, RetentionCandidate};
use agora::people::review::{self, Reciprocity, ReviewQueue};
use agora::people::search::{self, SearchHit};
use agora::people::{self, Page, Party, Person, PersonInput, PersonSummary};
use agora::planning::{self, PlanningRules};
use agora::posts::{self, Post, PostInput, PostState};
use agora::profile::{self, CategoryInput, LibraryProfile, Network, ProfileInput};
use agora::publish::{self, Publication, PublishReport};
use agora::schedule::{self, Overdue};
use agora::secrets::SecretStore;
use agora::startup::{AfterRestore, Startup};
use agora::store::backup::{self, BackupInfo};
use agora::voice::check::{CheckReport, DraftCheck};
use agora::voice::examples::ExampleOutcome;
use agora::voice::guide::VoiceGuide;
use agora::voice::stored::{self, GuideDocument};
use agora::voice::{self, templates};
use agora::{preferences, Language, Result, Store};

use crate::scheduler::Scheduler;
use chrono::{NaiveDate, NaiveDateTime, Utc};
use std::sync::atomic::Ordering;

use tauri::{AppHandle, Emitter, State};

use crate::state::AppState;

/// Runs `f` over the open store on a blocking thread.
async fn with_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> Result<T> + Send + 'static,
) -> Result<T> {
    let store = state.store()?;
    crate::blocking(move || f(&store)).await
}

#[tauri::command]
pub async fn startup(state: State<'_, AppState>) -> Result<Startup> {
    Ok(state.reopen(state.dir(), |_| Ok(())).await?.0)
}

#[tauri::command]
pub async fn save_profile(state: State<'_, AppState>, profile: ProfileInput) -> Result<LibraryProfile> {
    with_store(&state, move |store| profile::save(store, &profile, Utc::now())).await
}

#[tauri::command]
pub async fn default_categories(language: Language) -> Result<Vec<CategoryInput>> {
    Ok(profile::default_categories(language))
}

#[tauri::command]
pub async fn timezones() -> Result<Vec<String>> {
    Ok(profile::timezones())
}

#[tauri::command]
pub async fn os_timezone() -> Result<Option<String>> {
    Ok(profile::os_timezone())
}

#[tauri::command]
pub async fn set_interface_language(
    state: State<'_, AppState>,
    language: Option<Language>,
) -> Result<Language> {
    with_store(&state, move |store| {
        preferences::set_interface_language(store, language)?;
        preferences::effective_language(store)
    })
    .await
}

#[tauri::command]
pub async fn health(state: State<'_, AppState>) -> Result<HealthReport> {
    with_store(&state, doctor::check).await
}

#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>> {
    let dir = state.dir();
    crate::blocking(move || backup::list(&dir)).await
}

#[tauri::command]
pub async fn create_backup(state: State<'_, AppState>) -> Result<BackupInfo> {
    with_store(&state, |store| backup::create(store, Utc::now())).await
}

/// The daily backup, asked for by the window once its first page is drawn (`Startup` says when it is due).
#[tauri::command]
pub async fn daily_backup(state: State<'_, AppState>) -> Result<Option<BackupInfo>> {
    with_store(&state, |store| backup::create_if_due(store, Utc::now())).await
}

#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Result<AfterRestore> {
    let (startup, restored) = state
        .reopen(state.dir(), move |dir| {
            backup::restore(dir, Path::new(&path), Utc::now())
        })
        .await?;
    Ok(AfterRestore {
        startup,
        erasures_repeated: restored.erasures_repeated,
    })
}

#[tauri::command]
pub async fn restore_newest_backup(state: State<'_, AppState>) -> Result<AfterRestore> {
    let (startup, (_, restored)) = state
        .reopen(state.dir(), |dir| backup::restore_newest(dir, Utc::now()))
        .await?;
    Ok(AfterRestore {
        startup,
        erasures_repeated: restored.erasures_repeated,
    })
}

#[tauri::command]
pub async fn open_data_dir(state: State<'_, AppState>, path: String) -> Result<Startup> {
    state
        .reopen(PathBuf::from(path), agora::paths::remember_data_dir)
        .await
        .map(|(startup, ())| startup)
}

#[tauri::command]
pub async fn list_campaigns(state: State<'_, AppState>) -> Result<Vec<Campaign>> {
    with_store(&state, campaigns::list).await
}

#[tauri::command]
pub async fn add_campaign(state: State<'_, AppState>, campaign: CampaignInput) -> Result<Campaign> {
    with_store(&state, move |store| campaigns::add(store, &campaign, Utc::now())).await
}

#[tauri::command]
pub async fn update_campaign(
    state: State<'_, AppState>,
    id: i64,
    campaign: CampaignInput,
) -> Result<Campaign> {
    with_store(&state, move |store| {
        campaigns::update(store, id, &campaign, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn default_audiences(language: Language) -> Result<Vec<String>> {
    Ok(campaigns::default_audiences(language))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn plan(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    campaign_id: Option<i64>,
) -> Result<PlanView> {
    with_store(&state, move |store| calendar::view(store, from, to, campaign_id)).await
}

#[tauri::command]
pub async fn add_post(state: State<'_, AppState>, post: PostInput) -> Result<Post> {
    with_store(&state, move |store| posts::add(store, &post, Utc::now())).await
}

#[tauri::command]
pub async fn update_post(state: State<'_, AppState>, id: i64, post: PostInput) -> Result<Post> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    with_store(&state, move |store| {
        posts::update(store, id, &post, Utc::now())?;
        schedule::after_change(store, &secrets, id, Retry::default(), Utc::now())?;
        posts::get(store, id)
    })
    .await
}

#[tauri::command]
pub async fn move_post(state: State<'_, AppState>, id: i64, day: NaiveDate) -> Result<Post> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    with_store(&state, move |store| {
        posts::move_to_day(store, id, day, Utc::now())?;
        schedule::after_change(store, &secrets, id, Retry::default(), Utc::now())?;
        posts::get(store, id)
    })
    .await
}

#[tauri::command]
pub async fn list_events(state: State<'_, AppState>, from: NaiveDate, to: NaiveDate) -> Result<Vec<Event>> {
    with_store(&state, move |store| events::list_days(store, from, to)).await
}

#[tauri::command]
pub async fn import_events_file(state: State<'_, AppState>, path: String) -> Result<ImportReport> {
    with_store(&state, move |store| {
        events::import_file(store, Path::new(&path), Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn import_events_url(state: State<'_, AppState>, url: String) -> Result<ImportReport> {
    with_store(&state, move |store| events::import_url(store, &url, Utc::now())).await
}

#[tauri::command]
pub async fn default_arc_template() -> Result<ArcTemplate> {
    Ok(ArcTemplate::standard(Vec::new()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn generate_arc(
    state: State<'_, AppState>,
    event_id: i64,
    campaign_id: Option<i64>,
    template: ArcTemplate,
) -> Result<Vec<Post>> {
    with_store(&state, move |store| {
        arcs::generate(store, event_id, &template, campaign_id, Utc::now())
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reschedule_event(
    state: State<'_, AppState>,
    id: i64,
    starts_at: NaiveDateTime,
    move_posts: bool,
) -> Result<MoveReport> {
    with_store(&state, move |store| {
        events::reschedule(store, id, starts_at, move_posts, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn planning_rules(state: State<'_, AppState>) -> Result<PlanningRules> {
    with_store(&state, planning::rules).await
}

#[tauri::command]
pub async fn set_planning_rules(state: State<'_, AppState>, rules: PlanningRules) -> Result<PlanningRules> {
    with_store(&state, move |store| planning::set_rules(store, &rules)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_calendar(
    state: State<'_, AppState>,
    path: String,
    campaign_id: Option<i64>,
) -> Result<String> {
    with_store(&state, move |store| {
        calendar::export_ics_file(store, Path::new(&path), campaign_id, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn add_event(state: State<'_, AppState>, event: EventInput) -> Result<Event> {
    with_store(&state, move |store| events::add(store, &event, Utc::now())).await
}

#[tauri::command]
pub async fn update_event(state: State<'_, AppState>, id: i64, event: EventInput) -> Result<Event> {
    with_store(&state, move |store| events::update(store, id, &event, Utc::now())).await
}

#[tauri::command]
pub async fn check_draft(state: State<'_, AppState>, draft: DraftCheck) -> Result<CheckReport> {
    with_store(&state, move |store| voice::check_draft(store, &draft)).await
}

#[tauri::command]
pub async fn check_answer(state: State<'_, AppState>, draft: DraftCheck) -> Result<CheckReport> {
    with_store(&state, move |store| voice::check_answer(store, &draft)).await
}

#[tauri::command]
pub async fn voice_guide(state: State<'_, AppState>) -> Result<GuideDocument> {
    with_store(&state, stored::load).await
}

#[tauri::command]
pub async fn save_voice_guide(state: State<'_, AppState>, guide: VoiceGuide) -> Result<GuideDocument> {
    with_store(&state, move |store| stored::save(store, &guide, Utc::now())).await
}

#[tauri::command]
pub async fn save_voice_guide_source(state: State<'_, AppState>, source: String) -> Result<GuideDocument> {
    with_store(&state, move |store| {
        stored::save_source(store, &source, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn import_voice_guide(state: State<'_, AppState>, path: String) -> Result<GuideDocument> {
    with_store(&state, move |store| {
        stored::import_file(store, Path::new(&path), Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn export_voice_guide(state: State<'_, AppState>, path: String) -> Result<String> {
    with_store(&state, move |store| {
        stored::export_file(store, Path::new(&path))?;
        Ok(path)
    })
    .await
}

#[tauri::command]
pub async fn reset_voice_guide(state: State<'_, AppState>) -> Result<GuideDocument> {
    with_store(&state, stored::reset).await
}

#[tauri::command]
pub async fn test_voice_guide(state: State<'_, AppState>) -> Result<Vec<ExampleOutcome>> {
    with_store(&state, voice::test_guide).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn fill_template(
    state: State<'_, AppState>,
    text: String,
    event_id: Option<i64>,
    lang: Language,
) -> Result<String> {
    with_store(&state, move |store| {
        templates::fill_for(store, &text, event_id, lang)
    })
    .await
}

#[tauri::command]
pub async fn list_drafts(state: State<'_, AppState>) -> Result<Vec<Post>> {
    with_store(&state, |store| drafts::list(store, drafts::LIST_LIMIT)).await
}

#[tauri::command]
pub async fn get_draft(state: State<'_, AppState>, id: i64) -> Result<DraftView> {
    with_store(&state, move |store| drafts::get(store, id)).await
}

#[tauri::command]
pub async fn create_draft(state: State<'_, AppState>, draft: NewDraft) -> Result<DraftView> {
    with_store(&state, move |store| drafts::create(store, &draft, Utc::now())).await
}

#[tauri::command]
pub async fn save_draft(state: State<'_, AppState>, id: i64, content: DraftContent) -> Result<DraftView> {
    with_store(&state, move |store| drafts::save(store, id, &content, Utc::now())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_post_state(
    app: State<'_, AppState>,
    id: i64,
    state: PostState,
    override_reason: Option<String>,
) -> Result<DraftView> {
    let secrets = SecretStore::for_data_dir(&app.dir())?;
    with_store(&app, move |store| {
        drafts::set_state(store, id, state, override_reason.as_deref(), Utc::now())?;
        schedule::after_change(store, &secrets, id, Retry::default(), Utc::now())?;
        drafts::get(store, id)
    })
    .await
}

#[tauri::command]
pub async fn list_people(state: State<'_, AppState>, page: Page) -> Result<Vec<PersonSummary>> {
    with_store(&state, move |store| people::list(store, page)).await
}

#[tauri::command]
pub async fn get_person(state: State<'_, AppState>, id: i64) -> Result<Person> {
    with_store(&state, move |store| people::get(store, id)).await
}

#[tauri::command]
pub async fn add_person(state: State<'_, AppState>, person: PersonInput) -> Result<Person> {
    with_store(&state, move |store| people::add(store, &person, Utc::now())).await
}

#[tauri::command]
pub async fn update_person(state: State<'_, AppState>, id: i64, person: PersonInput) -> Result<Person> {
    with_store(&state, move |store| {
        people::update(store, id, &person, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn erase_person(state: State<'_, AppState>, id: i64) -> Result<ErasureReport> {
    with_store(&state, move |store| erasure::erase(store, id, Utc::now())).await
}

#[tauri::command]
pub async fn export_person(state: State<'_, AppState>, id: i64, folder: String) -> Result<AccessExport> {
    with_store(&state, move |store| {
        access::export_person(store, id, Path::new(&folder))
    })
    .await
}

#[tauri::command]
pub async fn list_organisations(state: State<'_, AppState>, page: Page) -> Result<Vec<OrganisationSummary>> {
    with_store(&state, move |store| organisations::list(store, page)).await
}

#[tauri::command]
pub async fn get_organisation(state: State<'_, AppState>, id: i64) -> Result<Organisation> {
    with_store(&state, move |store| organisations::get(store, id)).await
}

#[tauri::command]
pub async fn add_organisation(
    state: State<'_, AppState>,
    organisation: OrganisationInput,
) -> Result<Organisation> {
    with_store(&state, move |store| {
        organisations::add(store, &organisation, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn update_organisation(
    state: State<'_, AppState>,
    id: i64,
    organisation: OrganisationInput,
) -> Result<Organisation> {
    with_store(&state, move |store| {
        organisations::update(store, id, &organisation, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn log_interaction(
    state: State<'_, AppState>,
    interaction: InteractionInput,
) -> Result<Interaction> {
    with_store(&state, move |store| {
        interactions::log(store, &interaction, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn get_interaction(state: State<'_, AppState>, id: i64) -> Result<Interaction> {
    with_store(&state, move |store| interactions::get(store, id)).await
}

#[tauri::command]
pub async fn timeline(
    state: State<'_, AppState>,
    party: Party,
    filter: TimelineFilter,
    page: Page,
) -> Result<Vec<Interaction>> {
    with_store(&state, move |store| {
        interactions::timeline(store, party, filter, page)
    })
    .await
}

#[tauri::command]
pub async fn set_awaiting_reply(state: State<'_, AppState>, id: i64, awaiting: bool) -> Result<bool> {
    with_store(&state, move |store| {
        interactions::set_awaiting_reply(store, id, awaiting).map(|()| awaiting)
    })
    .await
}

#[tauri::command]
pub async fn snooze(
    state: State<'_, AppState>,
    party: Party,
    until: Option<NaiveDate>,
) -> Result<Option<NaiveDate>> {
    with_store(&state, move |store| {
        people::snooze(store, party, until).map(|()| until)
    })
    .await
}

#[tauri::command]
pub async fn review_queue(state: State<'_, AppState>) -> Result<ReviewQueue> {
    with_store(&state, |store| review::queue_now(store, Utc::now())).await
}

#[tauri::command]
pub async fn reciprocity(state: State<'_, AppState>, party: Party) -> Result<Reciprocity> {
    with_store(&state, move |store| review::reciprocity(store, party, Utc::now())).await
}

#[tauri::command]
pub async fn retention_candidates(
    state: State<'_, AppState>,
    months: u32,
) -> Result<Vec<RetentionCandidate>> {
    with_store(&state, move |store| {
        retention::candidates(store, months, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn search_people(state: State<'_, AppState>, text: String) -> Result<Vec<SearchHit>> {
    with_store(&state, move |store| search::search(store, &text, 50)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_consents(state: State<'_, AppState>, person_id: i64) -> Result<Vec<ConsentRecord>> {
    with_store(&state, move |store| consent::list(store, person_id)).await
}

#[tauri::command]
pub async fn add_consent(state: State<'_, AppState>, consent: ConsentInput) -> Result<ConsentRecord> {
    with_store(&state, move |store| people::consent::add(store, &consent)).await
}

#[tauri::command]
pub async fn withdraw_consent(state: State<'_, AppState>, id: i64, on: NaiveDate) -> Result<Withdrawal> {
    with_store(&state, move |store| consent::withdraw(store, id, on)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn post_parties(state: State<'_, AppState>, post_id: i64) -> Result<Vec<PostParty>> {
    with_store(&state, move |store| consent::parties_of_post(store, post_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_post_parties(
    state: State<'_, AppState>,
    post_id: i64,
    parties: Vec<PostParty>,
) -> Result<Vec<PostParty>> {
    with_store(&state, move |store| {
        consent::set_post_parties(store, post_id, &parties)?;
        consent::parties_of_post(store, post_id)
    })
    .await
}

#[tauri::command]
pub async fn preview_contacts(path: String) -> Result<ContactsPreview> {
    crate::blocking(move || contacts::preview(Path::new(&path))).await
}

/// Imports contacts, telling the window how far it has got; [`cancel_import`] stops it.
#[tauri::command]
pub async fn import_contacts(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    options: ImportOptions,
) -> Result<ContactsImport> {
    let cancelled = state.import_cancelled.clone();
    cancelled.store(false, Ordering::SeqCst);
    with_store(&state, move |store| {
        contacts::import(store, Path::new(&path), &options, Utc::now(), &mut |progress| {
            // The window may be gone; the import goes on regardless.
            let _ = app.emit(agora::api::IMPORT_PROGRESS_EVENT, progress);
            !cancelled.load(Ordering::SeqCst)
        })
    })
    .await
}

#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> Result<bool> {
    state.import_cancelled.store(true, Ordering::SeqCst);
    Ok(true)
}

#[tauri::command]
pub async fn export_contacts(state: State<'_, AppState>, path: String) -> Result<ContactsExport> {
    with_store(&state, move |store| contacts::export(store, Path::new(&path))).await
}

#[tauri::command]
pub async fn find_duplicates(state: State<'_, AppState>) -> Result<Vec<DuplicatePair>> {
    with_store(&state, |store| duplicates::find(store, 200)).await
}

#[tauri::command]
pub async fn merge_people(state: State<'_, AppState>, keep: i64, other: i64) -> Result<MergeReport> {
    with_store(&state, move |store| {
        duplicates::merge(store, keep, other, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn mark_distinct(state: State<'_, AppState>, a: i64, b: i64) -> Result<bool> {
    with_store(&state, move |store| {
        duplicates::mark_distinct(store, a, b).map(|()| true)
    })
    .await
}

#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<Vec<Account>> {
    with_store(&state, accounts::list).await
}

/// Registers Agora on a Mastodon server and opens the browser on its page; [`wait_mastodon_sign_in`] or
/// [`finish_mastodon_sign_in`] completes the sign-in, [`cancel_mastodon_sign_in`] stops it.
#[tauri::command]
pub async fn start_mastodon_sign_in(state: State<'_, AppState>, server: String) -> Result<SignInPages> {
    let (sign_in, pages) = crate::blocking(move || oauth::start_in_browser(&server)).await?;
    state.begin_sign_in(sign_in);
    Ok(pages)
}

/// Waits for the browser to come back to Agora, then connects the account.
#[tauri::command]
pub async fn wait_mastodon_sign_in(state: State<'_, AppState>) -> Result<Account> {
    let sign_in = state.sign_in()?;
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    let account = with_store(&state, move |store| {
        let language = preferences::effective_language(store)?;
        sign_in.connect_from_browser(store, &secrets, language, oauth::BROWSER_WAIT, Utc::now())
    })
    .await?;
    state.end_sign_in();
    Ok(account)
}

/// Connects the account with the code the server showed (the wait for the browser stops).
#[tauri::command]
pub async fn finish_mastodon_sign_in(state: State<'_, AppState>, code: String) -> Result<Account> {
    let sign_in = state.sign_in()?;
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    let account = with_store(&state, move |store| {
        sign_in.connect_with_code(store, &secrets, &code, Utc::now())
    })
    .await?;
    state.end_sign_in();
    Ok(account)
}

#[tauri::command]
pub async fn cancel_mastodon_sign_in(state: State<'_, AppState>) -> Result<bool> {
    state.end_sign_in();
    Ok(true)
}

#[tauri::command]
pub async fn add_mastodon_account(
    state: State<'_, AppState>,
    server: String,
    token: String,
) -> Result<Account> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    with_store(&state, move |store| {
        accounts::add_mastodon(store, &secrets, &server, &token, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn add_bluesky_account(
    state: State<'_, AppState>,
    handle: String,
    password: String,
    service: Option<String>,
) -> Result<Account> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    let at = accounts::SignInAt::service_or_resolved(service.as_deref());
    with_store(&state, move |store| {
        accounts::add_bluesky(store, &secrets, &at, &handle, &password, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn publish_post(
    state: State<'_, AppState>,
    id: i64,
    network: Option<Network>,
) -> Result<PublishReport> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    with_store(&state, move |store| {
        publish::publish(store, &secrets, id, network, Retry::default(), Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn campaign_report(state: State<'_, AppState>, id: i64) -> Result<CampaignReport> {
    with_store(&state, move |store| engagement::report(store, id)).await
}

#[tauri::command]
pub async fn refresh_campaign_report(state: State<'_, AppState>, id: i64) -> Result<CampaignReport> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    with_store(&state, move |store| {
        engagement::refresh(store, &secrets, id, Retry::default(), Utc::now())
    })
    .await
}

/// The Bluesky posts whose time came while the app was closed.
#[tauri::command]
pub async fn overdue_posts(
    state: State<'_, AppState>,
    scheduler: State<'_, Scheduler>,
) -> Result<Vec<Overdue>> {
    let started = scheduler.started;
    with_store(&state, move |store| schedule::overdue(store, started)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn post_publications(state: State<'_, AppState>, post_id: i64) -> Result<Vec<Publication>> {
    with_store(&state, move |store| publish::of_post(store, post_id)).await
}

#[tauri::command]
pub async fn sync_inbox(state: State<'_, AppState>) -> Result<SyncReport> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    with_store(&state, move |store| {
        inbox::sync(store, &secrets, Retry::default(), Utc::now())
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_inbox(state: State<'_, AppState>, unread_only: bool) -> Result<Vec<InboxItem>> {
    with_store(&state, move |store| inbox::list(store, unread_only, 200)).await
}

#[tauri::command]
pub async fn log_inbox_item(state: State<'_, AppState>, id: i64) -> Result<Interaction> {
    with_store(&state, move |store| inbox::log_interaction(store, id, Utc::now())).await
}

#[tauri::command]
pub async fn answer_inbox_item(state: State<'_, AppState>, id: i64, text: String) -> Result<Interaction> {
    let secrets = SecretStore::for_data_dir(&state.dir())?;
    with_store(&state, move |store| {
        inbox::answer(store, &secrets, id, &text, Retry::default(), Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn mark_inbox_read(state: State<'_, AppState>, id: i64, read: bool) -> Result<bool> {
    with_store(&state, move |store| {
        inbox::mark_read(store, id, read).map(|()| read)
    })
    .await
}

/// Opens a web address in the officer's browser (never in the window).
#[tauri::command]
pub async fn open_link(url: String) -> Result<()> {
    crate::blocking(move || agora::links::open_in_browser(&url)).await
}
