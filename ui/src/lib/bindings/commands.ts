// Generated from src/api.rs by `make bindings`. Do not edit.

import type { ArcTemplate } from "./ArcTemplate";
import type { BackupInfo } from "./BackupInfo";
import type { Campaign } from "./Campaign";
import type { CampaignInput } from "./CampaignInput";
import type { CampaignStatus } from "./CampaignStatus";
import type { CategoryInput } from "./CategoryInput";
import type { CategoryKind } from "./CategoryKind";
import type { ChannelText } from "./ChannelText";
import type { ErrorPayload } from "./ErrorPayload";
import type { Event } from "./Event";
import type { EventInput } from "./EventInput";
import type { HealthReport } from "./HealthReport";
import type { Id } from "./Id";
import type { ImportReport } from "./ImportReport";
import type { Language } from "./Language";
import type { LibraryProfile } from "./LibraryProfile";
import type { MixTarget } from "./MixTarget";
import type { MoveReport } from "./MoveReport";
import type { Network } from "./Network";
import type { PlanView } from "./PlanView";
import type { PlanningRules } from "./PlanningRules";
import type { Post } from "./Post";
import type { PostInput } from "./PostInput";
import type { PostState } from "./PostState";
import type { ProfileInput } from "./ProfileInput";
import type { Startup } from "./Startup";

/** Every command the desktop shell exposes: its arguments and its result. */
export type Commands = {
  startup: { args: {  }; result: Startup };
  save_profile: { args: { profile: ProfileInput }; result: LibraryProfile };
  default_categories: { args: { language: Language }; result: Array<CategoryInput> };
  timezones: { args: {  }; result: Array<string> };
  os_timezone: { args: {  }; result: string | null };
  set_interface_language: { args: { language: Language | null }; result: Language };
  health: { args: {  }; result: HealthReport };
  list_backups: { args: {  }; result: Array<BackupInfo> };
  create_backup: { args: {  }; result: BackupInfo };
  restore_backup: { args: { path: string }; result: Startup };
  restore_newest_backup: { args: {  }; result: Startup };
  open_data_dir: { args: { path: string }; result: Startup };
  list_campaigns: { args: {  }; result: Array<Campaign> };
  add_campaign: { args: { campaign: CampaignInput }; result: Campaign };
  update_campaign: { args: { id: Id, campaign: CampaignInput }; result: Campaign };
  default_audiences: { args: { language: Language }; result: Array<string> };
  plan: { args: { from: string, to: string, campaign_id: Id | null }; result: PlanView };
  add_post: { args: { post: PostInput }; result: Post };
  update_post: { args: { id: Id, post: PostInput }; result: Post };
  move_post: { args: { id: Id, day: string }; result: Post };
  list_events: { args: { from: string, to: string }; result: Array<Event> };
  add_event: { args: { event: EventInput }; result: Event };
  update_event: { args: { id: Id, event: EventInput }; result: Event };
  import_events_file: { args: { path: string }; result: ImportReport };
  import_events_url: { args: { url: string }; result: ImportReport };
  default_arc_template: { args: {  }; result: ArcTemplate };
  generate_arc: { args: { event_id: Id, campaign_id: Id | null, template: ArcTemplate }; result: Array<Post> };
  reschedule_event: { args: { id: Id, starts_at: string, move_posts: boolean }; result: MoveReport };
  planning_rules: { args: {  }; result: PlanningRules };
  set_planning_rules: { args: { rules: PlanningRules }; result: PlanningRules };
  export_calendar: { args: { path: string, campaign_id: Id | null }; result: string };
};

export type { ArcTemplate, BackupInfo, Campaign, CampaignInput, CampaignStatus, CategoryInput, CategoryKind, ChannelText, ErrorPayload, Event, EventInput, HealthReport, Id, ImportReport, Language, LibraryProfile, MixTarget, MoveReport, Network, PlanView, PlanningRules, Post, PostInput, PostState, ProfileInput, Startup };
