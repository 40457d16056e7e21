#include "http/json_dossier.h"

#include <string.h>

#include "core/time.h"

json_t *hc_json_time(int64_t t)
{
	if (t == 0)
		return json_null();
	char buf[HC_TIME_BUF];
	return json_string(hc_fmt_local(t, buf));
}

/* Notes of these actions are written for the applicant. */
static bool note_is_public(const char *action)
{
	static const char *const pub[] = {"request_supplement", "reject", "extend", "withdraw",
	                                  NULL};
	for (const char *const *p = pub; *p; p++)
		if (strcmp(*p, action) == 0)
			return true;
	return false;
}

static const char *label_of(const char *status_name)
{
	enum hc_dossier_status s;
	return hc_dossier_status_parse(status_name, &s) ? hc_dossier_status_label(s) : NULL;
}

static json_t *history(const hc_dossier *d, bool public_view)
{
	json_t *a = json_array();
	for (int i = 0; a && i < d->nactions; i++) {
		const hc_dossier_action *x = &d->actions[i];
		json_t *o = json_object();
		const char *lbl = label_of(x->to_status);
		json_object_set_new(o, "action", json_string(x->action));
		json_object_set_new(o, "from_status", json_string(x->from_status));
		json_object_set_new(o, "to_status", json_string(x->to_status));
		json_object_set_new(o, "to_status_label", lbl ? json_string(lbl) : json_null());
		json_object_set_new(o, "at", hc_json_time(x->at));
		if (!public_view) {
			json_object_set_new(o, "actor_name", json_string(x->actor_name));
			json_object_set_new(o, "note", json_string(x->note ? x->note : ""));
		} else if (note_is_public(x->action) && x->note && x->note[0]) {
			json_object_set_new(o, "note", json_string(x->note));
		}
		if (json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *components(const hc_dossier *d)
{
	json_t *a = json_array();
	for (int i = 0; a && i < d->ncomponents; i++) {
		const hc_dossier_component *c = &d->components[i];
		json_t *o = json_pack("{s:s,s:b,s:b}", "name", c->name ? c->name : "", "digitized",
		                      c->digitized, "reused", c->reused);
		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

json_t *hc_dossier_json(const hc_dossier *d, bool public_view)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = 0;
	bad |= json_object_set_new(o, "code", json_string(d->code));
	bad |= json_object_set_new(o, "procedure_code", json_string(d->procedure_code));
	bad |= json_object_set_new(o, "procedure_name", json_string(d->procedure_name));
	bad |= json_object_set_new(o, "field", json_string(d->field));
	bad |= json_object_set_new(o, "channel", json_string(d->channel));
	bad |= json_object_set_new(o, "status", json_string(hc_dossier_status_name(d->status)));
	bad |=
	    json_object_set_new(o, "status_label", json_string(hc_dossier_status_label(d->status)));
	bad |= json_object_set_new(o, "received_at", hc_json_time(d->received_at));
	bad |= json_object_set_new(o, "due_at", hc_json_time(d->due_at));
	bad |= json_object_set_new(o, "extended_due_at", hc_json_time(d->extended_due_at));
	bad |= json_object_set_new(o, "finished_at", hc_json_time(d->finished_at));
	bad |= json_object_set_new(o, "returned_at", hc_json_time(d->returned_at));
	bad |= json_object_set_new(o, "outcome", str_or_null(d->outcome));
	if (!public_view) {
		bad |= json_object_set_new(o, "unit_code", json_string(d->unit_code));
		bad |= json_object_set_new(o, "applicant_name", json_string(d->applicant_name));
		bad |= json_object_set_new(o, "applicant_id_number",
		                           json_string(d->applicant_id_number));
		bad |= json_object_set_new(o, "applicant_phone", json_string(d->applicant_phone));
		bad |=
		    json_object_set_new(o, "applicant_address", json_string(d->applicant_address));
		bad |= json_object_set_new(o, "office_name", str_or_null(d->office_name));
		bad |= json_object_set_new(o, "handler_name", str_or_null(d->handler_name));
		bad |= json_object_set_new(o, "original_due_at", hc_json_time(d->original_due_at));
		bad |=
		    json_object_set_new(o, "supplement_count", json_integer(d->supplement_count));
		bad |=
		    json_object_set_new(o, "supplement_since", hc_json_time(d->supplement_since));
		bad |= json_object_set_new(o, "late_supplement",
		                           json_boolean(d->flags & HC_DF_LATE_SUPPLEMENT));
		bad |= json_object_set_new(o, "second_supplement",
		                           json_boolean(d->flags & HC_DF_SECOND_SUPPLEMENT));
		bad |= json_object_set_new(o, "fee", json_integer(d->fee));
		bad |= json_object_set_new(o, "fee_paid", json_boolean(d->fee_paid));
		bad |= json_object_set_new(o, "fee_paid_online", json_boolean(d->fee_paid_online));
		bad |= json_object_set_new(o, "digitized_input", json_boolean(d->digitized_input));
		bad |=
		    json_object_set_new(o, "digitized_result", json_boolean(d->digitized_result));
		bad |= json_object_set_new(o, "e_result", json_boolean(d->e_result));
		bad |= json_object_set_new(o, "reused", json_boolean(d->reused));
		bad |= json_object_set_new(o, "rating",
		                           d->rating ? json_integer(d->rating) : json_null());
		bad |= json_object_set_new(o, "legacy", json_boolean(d->legacy));
		bad |= json_object_set_new(o, "components", components(d));
	}
	bad |= json_object_set_new(o, "history", history(d, public_view));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
