#include "http/json_feedback.h"

#include "http/json_dossier.h"

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *history(const hc_feedback *f)
{
	json_t *a = json_array();
	for (int i = 0; a && i < f->nactions; i++) {
		const hc_feedback_action *x = &f->actions[i];
		enum hc_feedback_status s = HC_FB_RECEIVED;
		hc_feedback_status_parse(x->to_status, &s);
		json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s}", "action", x->action,
		                      "from_status", x->from_status, "to_status", x->to_status,
		                      "status_label", hc_feedback_status_label(s), "actor_name",
		                      x->actor_name, "at", hc_json_time(x->at), "due_at",
		                      hc_json_time(x->due_at), "on_time",
		                      x->on_time < 0 ? json_null() : json_boolean(x->on_time),
		                      "note", x->note ? x->note : "");
		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *hc_feedback_json(const hc_feedback *f, bool public_view)
{
	const char *cat = hc_feedback_category_label(f->category);
	bool published = f->status == HC_FB_PUBLISHED;
	json_t *o = json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "code", f->code, "unit",
	    f->unit_code, "unit_name", f->unit_name, "category", f->category, "category_label",
	    cat ? cat : "", "status", hc_feedback_status_name(f->status), "status_label",
	    hc_feedback_status_label(f->status), "procedure_code", str_or_null(f->procedure_code),
	    "procedure_name", str_or_null(f->procedure_name), "received_at",
	    hc_json_time(f->received_at), "answer_due_at", hc_json_time(f->answer_due_at),
	    "answered_at", hc_json_time(f->answered_at), "published_at",
	    hc_json_time(f->published_at));
	if (!o)
		return NULL;
	int bad = 0;
	if (public_view) {
		bad |= json_object_set_new(o, "content",
		                           published && f->content_public ? json_string(f->content)
		                                                          : json_null());
		bad |= json_object_set_new(o, "answer",
		                           published ? json_string(f->answer) : json_null());
		if (bad) {
			json_decref(o);
			return NULL;
		}
		return o;
	}
	json_t *late = json_array();
	for (int s = 0; late && s < HC_FBS_COUNT; s++)
		if (f->flags & HC_FBF_LATE(s))
			bad |= json_array_append_new(
			    late, json_string(hc_feedback_step_name((enum hc_feedback_step)s)));
	json_t *sender = json_pack(
	    "{s:s,s:o,s:o,s:o}", "name", f->sender_name, "phone", str_or_null(f->sender_phone),
	    "email", str_or_null(f->sender_email), "address", str_or_null(f->sender_address));
	bad |= !late || !sender;
	bad |= json_object_set_new(o, "late_steps", late ? late : json_null());
	bad |= json_object_set_new(o, "sender", sender ? sender : json_null());
	bad |= json_object_set_new(o, "channel", json_string(f->channel));
	bad |= json_object_set_new(o, "dossier_code", str_or_null(f->dossier_code));
	bad |= json_object_set_new(o, "content", json_string(f->content));
	bad |= json_object_set_new(o, "content_public", json_boolean(f->content_public));
	bad |= json_object_set_new(o, "answer", str_or_null(f->answer));
	bad |= json_object_set_new(o, "clock_at", hc_json_time(f->clock_at));
	bad |= json_object_set_new(o, "classify_due_at", hc_json_time(f->classify_due_at));
	bad |= json_object_set_new(o, "refuse_due_at", hc_json_time(f->refuse_due_at));
	bad |= json_object_set_new(o, "ask_due_at", hc_json_time(f->ask_due_at));
	bad |= json_object_set_new(o, "publish_due_at", hc_json_time(f->publish_due_at));
	bad |= json_object_set_new(o, "classified_at", hc_json_time(f->classified_at));
	bad |= json_object_set_new(o, "refused_at", hc_json_time(f->refused_at));
	bad |= json_object_set_new(o, "asked_at", hc_json_time(f->asked_at));
	bad |= json_object_set_new(o, "supplemented_at", hc_json_time(f->supplemented_at));
	json_t *h = history(f);
	bad |= !h;
	bad |= json_object_set_new(o, "history", h ? h : json_null());
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
