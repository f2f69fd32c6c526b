// Generated from schemas/messages.json by `npm run messages`; do not edit.

/** Each message code the server sends, with the values its message carries. */
export interface MessageValues {
  /** This thread is a dispute now: the Steering Group decides it. Reply in the thread instead. */
  already_a_dispute: Record<string, never>;
  /** {name} has claimed this dispute; join its thread or pick another one. */
  already_claimed: { readonly name: string };
  /** This thread is already open. */
  already_open: Record<string, never>;
  /** This thread is already resolved. */
  already_resolved: Record<string, never>;
  /** You have signed for {name} already, on the text as it is now. */
  already_signed: { readonly name: string; readonly organisation_id: number };
  /** Wrong email or password. */
  bad_credentials: Record<string, never>;
  /** Bad Request */
  bad_request: Record<string, never>;
  /** Send the body as JSON (Content-Type: application/json). */
  body_not_json: Record<string, never>;
  /** The request body is too large: send at most {max_kib} KiB. */
  body_too_large: { readonly max_kib: number };
  /** It cannot be finalised yet: {blockers, plural, one {# reason} other {# reasons}}. */
  cannot_finalise: { readonly blockers: number };
  /** {name} has claimed this dispute; only they decide it. */
  claimed_by_someone_else: { readonly name: string };
  /** The signatories come from {have} of {needed} constituency types; {more, plural, one {# more is} other {# more are}} needed. */
  coalition_constituencies: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** Constituency types: {present} — at least {needed} */
  coalition_constituencies_met: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
    readonly present: string;
  };
  /** Constituency types: {present} — {more} more, {have} of {needed} */
  coalition_constituencies_short: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
    readonly present: string;
  };
  /** {have} of {needed} organisations from the global south {have, plural, one {has} other {have}} signed; {more, plural, one {# more is} other {# more are}} needed. */
  coalition_global_south: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** {have} from the global south — at least {needed} */
  coalition_global_south_met: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** {have} of {needed} from the global south — {more} more */
  coalition_global_south_short: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** {have} of {needed} organisations {have, plural, one {has} other {have}} signed; {more, plural, one {# more is} other {# more are}} needed. */
  coalition_organisations: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** {have, plural, one {# organisation} other {# organisations}} — at least {needed} */
  coalition_organisations_met: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** {have} of {needed} organisations — {more} more */
  coalition_organisations_short: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** The signatories come from {have} of {needed} UN regional groups; {more, plural, one {# more is} other {# more are}} needed. */
  coalition_regions: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
  };
  /** Regions: {present} — at least {needed} */
  coalition_regions_met: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
    readonly present: string;
  };
  /** Regions: {present} — {more} more, {have} of {needed} */
  coalition_regions_short: {
    readonly have: number;
    readonly more: number;
    readonly needed: number;
    readonly present: string;
  };
  /** Say whether the rule blocks finalising: true (required) or false (advisory). */
  coalition_required_not_a_choice: Record<string, never>;
  /** Choose a number from 0 (no rule) to 100. */
  coalition_rule_out_of_range: Record<string, never>;
  /** Conflict */
  conflict: Record<string, never>;
  /** Choose a constituency from the list, or other with a name. */
  constituency_unknown: Record<string, never>;
  /** Name the constituency when it is not in the list. */
  constituency_unnamed: Record<string, never>;
  /** {countries}: not a UN member or observer state. */
  countries_unknown: { readonly countries: string };
  /** A country is listed twice. */
  country_listed_twice: Record<string, never>;
  /** Choose a country from the list. */
  country_not_listed: Record<string, never>;
  /** “{country_code}” is not a UN member or observer state. */
  country_unknown: { readonly country_code: string };
  /** Missing or wrong CSRF token: send the X-CSRF-Token header from your session. */
  csrf: Record<string, never>;
  /** Give the date and time with its time zone. */
  deadline_without_time_zone: Record<string, never>;
  /** This comes before {earlier}; put them in order. */
  deadlines_out_of_order: { readonly earlier: string };
  /** {name} marked this statement delivered; it is read-only now. */
  delivered_by: { readonly name: string };
  /** This dispute has been decided. Start a new thread to raise the passage again. */
  dispute_decided: Record<string, never>;
  /** The dispute on “{quote}” is still open; the Steering Group decides it first. */
  dispute_open: { readonly quote: string; readonly thread_id: number };
  /** {count, plural, one {# dispute is} other {# disputes are}} still open. */
  disputes_open: { readonly count: number };
  /** Give the email address you will sign in with. */
  email_invalid: Record<string, never>;
  /** There is already an account with this email: sign in first, then open the invitation again. */
  email_taken: Record<string, never>;
  /** Error */
  error: Record<string, never>;
  /** The export took longer than {seconds} s and was stopped; try again later. */
  export_took_too_long: { readonly seconds: number };
  /** Every export slot is taken and the queue is full; try again in {seconds} s. */
  exports_busy: { readonly seconds: number };
  /** {name} finalised this statement; it is read-only now. */
  finalised_by: { readonly name: string };
  /** Forbidden */
  forbidden: Record<string, never>;
  /** There is already a forum called {name}. */
  forum_exists: { readonly name: string };
  /** Choose the kind of forum: {kinds}. */
  forum_kind_unknown: { readonly kinds: string };
  /** List the forum's languages as codes, such as en, fr, es, ar. */
  forum_languages_invalid: Record<string, never>;
  /** Give the forum a name. */
  forum_name_missing: Record<string, never>;
  /** Unprocessable Entity */
  invalid: Record<string, never>;
  /** {field}: {problem} */
  invalid_body: { readonly field: string; readonly problem: string } & Readonly<
    Record<string, string | number>
  >;
  /** The body is not valid JSON. */
  invalid_json: Record<string, never>;
  /** This invitation expired on {expires_at}. Ask the forum's facilitator for a new invitation. */
  invitation_expired: { readonly expires_at: string };
  /** This invitation link is not valid. Check that it was copied whole. */
  invitation_invalid: Record<string, never>;
  /** This invitation has just been used. */
  invitation_just_used: Record<string, never>;
  /** This invitation cannot be used. */
  invitation_unusable: Readonly<Record<string, string | number>>;
  /** This invitation has already been used. If you accepted it, sign in; otherwise ask the forum's facilitator for a new invitation. */
  invitation_used: Record<string, never>;
  /** This session already has its joint statement (#{id}). */
  joint_statement_exists: { readonly id: number };
  /** Chorus does not speak “{language}” yet; choose English, French or Spanish. */
  language_not_offered: { readonly language: string };
  /** Choose a number from {min} to {max}. */
  limit_out_of_range: { readonly max: number; readonly min: number };
  /** Facilitators and site administrators add organisations. */
  may_not_add_organisations: Record<string, never>;
  /** Only the statement's guiding moderators and the forum's facilitators change its drafting group. */
  may_not_change_drafting_group: Record<string, never>;
  /** Only the statement's guiding moderators and the forum's facilitators choose its reviewers. */
  may_not_change_reviewers: Record<string, never>;
  /** Only the forum's facilitators choose who guides a statement. */
  may_not_choose_guides: Record<string, never>;
  /** Only the drafting group, the Steering Group, the facilitators and reviewers comment. */
  may_not_comment: Record<string, never>;
  /** The Steering Group confirms who delivers a statement. */
  may_not_confirm_speaker: Record<string, never>;
  /** Only those who may edit the text accept or decline a suggestion; reply instead. */
  may_not_edit_text: Record<string, never>;
  /** Only the drafting group and its guiding moderators take a passage to the Steering Group; comment instead. */
  may_not_escalate: Record<string, never>;
  /** Nobody grants themselves the right to sign for an organisation: ask another facilitator or a site administrator. */
  may_not_grant_to_self: Record<string, never>;
  /** Only the forum's facilitators and moderators invite people. */
  may_not_invite: Record<string, never>;
  /** Facilitators and site administrators record who may sign for an organisation. */
  may_not_manage_signers: Record<string, never>;
  /** {name} holds this dispute; only they or a facilitator of the forum release it. */
  may_not_release_claim: { readonly name: string };
  /** Only members of the drafting group sign its statement, each for an organisation they may speak for. */
  may_not_sign: Record<string, never>;
  /** The Steering Group starts joint statements. */
  may_not_start_joint_statement: Record<string, never>;
  /** The audit log is for the drafting group, the Steering Group and facilitators. */
  may_not_view_audit_log: Record<string, never>;
  /** The overview is for the Steering Group, facilitators and observers of this forum; your statements are on your dashboard. */
  may_not_view_overview: Record<string, never>;
  /** The review queue is for the Steering Group and the facilitators of this forum; your statements and their threads are on your dashboard. */
  may_not_view_review_queue: Record<string, never>;
  /** You may not do this with this statement. */
  may_not_view_statement: Record<string, never>;
  /** Comments are the drafting group's own: its members, the Steering Group, the facilitators and the statement's reviewers see them. */
  may_not_view_threads: Record<string, never>;
  /** Only members of the drafting group volunteer to deliver its statement. */
  may_not_volunteer: Record<string, never>;
  /** Only the Steering Group and the forum's facilitators claim and decide disputes. */
  may_not_work_review_queue: Record<string, never>;
  /** Method Not Allowed */
  method_not_allowed: Record<string, never>;
  /** Give your name as others should see it. */
  name_missing: Record<string, never>;
  /** Nobody holds this dispute; there is no claim to release. */
  no_claim_to_release: Record<string, never>;
  /** You no longer review this statement. */
  no_longer_reviewer: Record<string, never>;
  /** This dispute proposes no wording; keep the text or write your own. */
  no_proposal: Record<string, never>;
  /** {name} has no role in this forum: give them one, or send an invitation. */
  no_role_in_forum: { readonly name: string };
  /** {name} has no role in this forum: only moderators and facilitators guide statements. */
  no_role_to_guide: { readonly name: string };
  /** You have not signed this statement for that organisation. */
  no_signature: { readonly organisation_id: number };
  /** The facilitators have not written the rules for speakers of this forum yet; volunteer once they have. */
  no_speaker_rules: Record<string, never>;
  /** There is no export as {format}; ask for one of: {formats}. */
  no_such_export_format: { readonly format: string; readonly formats: string };
  /** There is no forum {id}. */
  no_such_forum: { readonly id: number | string };
  /** There is no organisation {id}. */
  no_such_organisation: { readonly id: number | string };
  /** There is no person {id}. */
  no_such_person: { readonly id: number | string };
  /** There is no session {id}. */
  no_such_session: { readonly id: number | string };
  /** There is no statement {id}. */
  no_such_statement: { readonly id: number | string };
  /** There is no thread {id}. */
  no_such_thread: { readonly id: number | string };
  /** This thread carries no suggestion to accept or decline. */
  no_suggestion: Record<string, never>;
  /** This thread is a comment, not a dispute; escalate it first. */
  not_a_dispute: Record<string, never>;
  /** Only the forum's facilitators and site administrators do this. */
  not_a_facilitator: Record<string, never>;
  /** Only a session presenting a group of countries has a joint statement. */
  not_a_group_session: Record<string, never>;
  /** Person {user_id} is not a member of {name}. */
  not_a_member: {
    readonly name: string;
    readonly organisation_id: number;
    readonly user_id: number;
  };
  /** Only the Steering Group and the forum's facilitators {transition, select, finalise {finalise statements} reopen {reopen statements} other {mark statements delivered}}. */
  not_a_moderator: { readonly transition: string };
  /** Only site administrators create forums. */
  not_a_site_admin: Record<string, never>;
  /** You have not volunteered for this statement. */
  not_a_volunteer: Record<string, never>;
  /** {member, select, 1 {You may not sign for {name}: its members sign only once a facilitator records that they speak for it.} other {You may sign only for an organisation you belong to.}} */
  not_authorised_for_organisation: {
    readonly member: number;
    readonly name: string;
    readonly organisation_id: number;
  };
  /** Claim the dispute before deciding it. */
  not_claimed: Record<string, never>;
  /** Not Found */
  not_found: Record<string, never>;
  /** You have no role in this forum. */
  not_in_forum: Record<string, never>;
  /** You are not in the drafting group of this statement. */
  not_in_group: Record<string, never>;
  /** You are not signed in. Sign in and try again. */
  not_signed_in: Record<string, never>;
  /** The {field} must be one of the statement's current volunteers. */
  not_volunteering: { readonly field: string; readonly user_id: number };
  /** Only the person who signed withdraws a signature. */
  not_your_signature: { readonly organisation_id: number };
  /** {name} is an observer: observers read statements and do not draft them. */
  observer_may_not_draft: { readonly name: string };
  /** {name} is already listed. */
  organisation_exists: { readonly name: string };
  /** Give the organisation's name. */
  organisation_name_missing: Record<string, never>;
  /** Keep the name within {max} characters. */
  organisation_name_too_long: { readonly max: number };
  /** The statement has {words} words; the limit is {limit}. It takes {seconds} s to read; the limit is {limit_seconds} s. Shorten it before anyone signs. */
  over_limit_cannot_sign: {
    readonly limit: number;
    readonly limit_seconds: number;
    readonly seconds: number;
    readonly words: number;
  };
  /** It takes {seconds} s to read; the limit is {limit_seconds} s. */
  over_time_limit: { readonly limit_seconds: number; readonly seconds: number };
  /** The statement has {words} words; the limit is {limit}. */
  over_word_limit: { readonly limit: number; readonly words: number };
  /** Select at least one character to comment on. */
  passage_empty: { readonly start: number };
  /** The passage {start}–{end} is outside the text, which has {length} positions; reload the statement and select again. */
  passage_out_of_range: {
    readonly end: number;
    readonly length: number;
    readonly start: number;
  };
  /** The passage this thread is about has been deleted, so there is nothing to replace; edit the text directly instead. */
  passage_removed: Record<string, never>;
  /** The passage ends ({end}) before it starts ({start}); send start before end. */
  passage_reversed: { readonly end: number; readonly start: number };
  /** The passage starts or ends inside a character; select whole characters. */
  passage_splits_character: Record<string, never>;
  /** This is one of the most common passwords; choose another. */
  password_common: Record<string, never>;
  /** Do not use your email address as your password. */
  password_is_email: Record<string, never>;
  /** Do not use your name as your password. */
  password_is_name: Record<string, never>;
  /** Use more than one different character; one key held down is easy to guess. */
  password_one_character: Record<string, never>;
  /** Use at most {max} characters; this password has {length}. */
  password_too_long: { readonly length: number; readonly max: number };
  /** Use at least {min} characters; this password has {length}. A few words in a row make a good password. */
  password_too_short: { readonly length: number; readonly min: number };
  /** Write the phone number with digits, spaces and + ( ) - only. */
  phone_invalid: Record<string, never>;
  /** Filter by claimed=me (the disputes you hold) or claimed=unclaimed. */
  queue_filter_claimed_invalid: Record<string, never>;
  /** Filter by a country's ISO code, such as country=KE. */
  queue_filter_country_invalid: Record<string, never>;
  /** Give the {name} filter once. */
  queue_filter_repeated: { readonly name: string };
  /** Filter by a session's number, such as session=3. */
  queue_filter_session_invalid: Record<string, never>;
  /** There is no filter “{name}”: filter by session, country or claimed. */
  queue_filter_unknown: { readonly name: string };
  /** This statement has been delivered; it is read-only for everyone. */
  read_only_delivered: Record<string, never>;
  /** This statement is final; it is read-only for everyone. */
  read_only_final: Record<string, never>;
  /** This statement is read-only for you. */
  read_only_for_you: Record<string, never>;
  /** Say why the statement is reopened; the drafting group will see the reason. */
  reason_needed: Record<string, never>;
  /** Keep the reason within {max} characters. */
  reason_too_long: { readonly max: number };
  /** This step cannot be taken now. */
  refused: Readonly<Record<string, string | number>>;
  /** Choose the primary UN regional group: {regions} */
  region_unknown: { readonly regions: string };
  /** Say why you release {name}'s claim; the reason is kept in the thread and the audit log. */
  release_reason_needed: { readonly name: string };
  /** You were removed from this statement. */
  removed_from_statement: Record<string, never>;
  /** Too many attempts. Try again in {minutes} min. */
  retry_in_minutes: { readonly minutes: number };
  /** Too many attempts. Try again in {seconds} s. */
  retry_in_seconds: { readonly seconds: number };
  /** Your role in this forum changed. */
  role_changed: Record<string, never>;
  /** {name} has the role {role}: only moderators and facilitators guide statements. */
  role_may_not_guide: { readonly name: string; readonly role: string };
  /** Moderators invite contributors and observers; ask a facilitator to give someone the Steering Group's or the Task Group's role. */
  role_needs_a_facilitator: Record<string, never>;
  /** The statement is {state}: its signatures are frozen with it. */
  signatures_frozen: { readonly state: string };
  /** This person takes part in no forum: give them a role first. */
  signer_in_no_forum: Record<string, never>;
  /** You record who may sign only for people who take part in a forum you facilitate. */
  signer_not_in_your_forums: Record<string, never>;
  /** The speaker and the backup must be two different people. */
  speaker_is_backup: Record<string, never>;
  /** {position}. {name}: {in_group, select, 1 {in the drafting group} other {not in the drafting group}}; {national, select, 1 {a national of the country} other {not known as a national}}; {national_process, select, 1 {engaged in its national process} other {not known to be engaged in its national process}}; {new_constituency, select, 1 {brings a constituency not yet among the forum's speakers ({constituencies})} other {no constituency new among the forum's speakers}}; then by time of volunteering. */
  speaker_ranked: {
    readonly constituencies: string;
    readonly in_group: number;
    readonly name: string;
    readonly national: number;
    readonly national_process: number;
    readonly new_constituency: number;
    readonly position: number;
  };
  /** The rules for speakers are now at version {version}: read them and accept them again. */
  speaker_rules_changed: { readonly version: number };
  /** Someone changed this statement's state just now; reload. */
  state_changed: Record<string, never>;
  /** The statement has been delivered: its speaker stays as it was. */
  statement_delivered: Record<string, never>;
  /** This statement is {state}; its text changes only in drafting. Ask a moderator to reopen it. */
  statement_not_drafting: { readonly state: string };
  /** That statement is not in this forum. */
  statement_not_in_forum: Record<string, never>;
  /** The statement is changing state right now (being finalised); try again in a moment. */
  statement_step_under_way: Record<string, never>;
  /** This wording would take the statement {over_by, plural, one {# word} other {# words}} past its limit of {limit}; shorten it, or cut elsewhere first. */
  suggestion_over_limit: { readonly limit: number; readonly over_by: number };
  /** This suggestion has already been {suggestion_state}. */
  suggestion_settled: { readonly suggestion_state: string };
  /** The text changed while you read it; read it again and sign. */
  text_changed: Record<string, never>;
  /** Write something first; an empty message is not sent. */
  text_empty: Record<string, never>;
  /** Keep it within {max} characters; this has {length}. */
  text_too_long: { readonly length: number; readonly max: number };
  /** Someone changed this thread just now; reload it. */
  thread_changed: Record<string, never>;
  /** This thread is resolved; reopen it first if it is not settled. */
  thread_resolved: Record<string, never>;
  /** Choose a time zone such as Europe/Zurich or America/New_York. */
  time_zone_unknown: Record<string, never>;
  /** Request Entity Too Large */
  too_large: Record<string, never>;
  /** Too many attempts; try again in {seconds} s. */
  too_many_attempts: { readonly seconds: number } & Readonly<
    Record<string, string | number>
  >;
  /** This message mentions {mentioned} people; mention at most {max}. */
  too_many_mentions: { readonly max: number; readonly mentioned: number };
  /** This statement has {open} open threads, the most it may have; resolve or settle some first. */
  too_many_open_threads: { readonly max: number; readonly open: number };
  /** You have {open} open threads on this statement, the most one person may have; resolve or settle one first. */
  too_many_open_threads_by_you: { readonly max: number; readonly open: number };
  /** This thread has {max} replies, the most a thread may have; start a new thread on the passage instead. */
  too_many_replies: { readonly max: number };
  /** Too Many Requests */
  too_many_requests: Record<string, never>;
  /** Unsupported Media Type */
  unsupported_media: Record<string, never>;
  /** Choose a stronger password. */
  weak_password: Readonly<Record<string, string | number>>;
  /** Write the wording to apply, or choose another outcome. */
  wording_needed: Record<string, never>;
  /** Only a decision with your own wording takes a wording; leave it out. */
  wording_not_expected: { readonly outcome: string };
  /** Only {transition, select, finalise {a statement in drafting can be finalised} reopen {a final statement can be reopened} other {a final statement can be marked delivered}}; this one is {state, select, drafting {in drafting} final {final} other {delivered}}. */
  wrong_state: { readonly state: string; readonly transition: string };
}

/** A message code the server sends. */
export type MessageCode = keyof MessageValues;

/** The codes that name a wider situation and carry other messages as their sentence
 * (the reasons): said in another language from those reasons. */
export type WrappingCode =
  | "invalid_body"
  | "invitation_unusable"
  | "refused"
  | "too_many_attempts"
  | "weak_password";
