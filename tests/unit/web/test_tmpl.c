/* Templates: escaping by default, sections, errors and limits, and every
 * embedded page template renders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/embed.h"
#include "web/tmpl.h"

/* Renders tpl with data (a JSON text, NULL = none); returns the code and
 * leaves the output in *out (caller frees). */
static int render(const char *tpl, const char *data, char **out, hc_err *e)
{
	json_t *d = data ? json_loads(data, 0, NULL) : NULL;
	if (data)
		assert_non_null(d);
	hc_buf b = HC_BUF_INIT;
	hc_err_clear(e);
	int rc = hc_tmpl_render_text(tpl, strlen(tpl), d, &b, e);
	json_decref(d);
	*out = hc_buf_take(&b);
	return rc;
}

static void expect(const char *tpl, const char *data, const char *want)
{
	char *out;
	hc_err e;
	assert_int_equal(render(tpl, data, &out, &e), HC_OK);
	assert_string_equal(out ? out : "", want);
	free(out);
}

static void expect_fail(const char *tpl, const char *data, int code)
{
	char *out;
	hc_err e;
	assert_int_equal(render(tpl, data, &out, &e), code);
	assert_true(e.detail[0] != '\0');
	free(out);
}

static void escapes_by_default(void **state)
{
	(void)state;
	expect("<p>{{x}}</p>", "{\"x\":\"<script>alert('x')</script> & \\\"q\\\"\"}",
	       "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>");
	/* attribute context: quotes cannot break out */
	expect("<a title=\"{{t}}\">", "{\"t\":\"\\\" onmouseover=\\\"x\"}",
	       "<a title=\"&quot; onmouseover=&quot;x\">");
	/* Vietnamese passes through untouched */
	expect("{{n}}", "{\"n\":\"Đăng ký khai sinh\"}", "Đăng ký khai sinh");
	/* raw only where asked */
	expect("{{&h}}|{{h}}", "{\"h\":\"<b>x</b>\"}", "<b>x</b>|&lt;b&gt;x&lt;/b&gt;");
	hc_buf b = HC_BUF_INIT;
	hc_html_escape(&b, "a<b>&'\"c");
	assert_string_equal(hc_buf_str(&b), "a&lt;b&gt;&amp;&#39;&quot;c");
	hc_buf_free(&b);
}

static void values(void **state)
{
	(void)state;
	expect("{{i}} {{r}} [{{t}}] [{{f}}] [{{z}}] [{{missing}}]",
	       "{\"i\":-42,\"r\":1.5,\"t\":true,\"f\":false,\"z\":null}", "-42 1.5 [] [] [] []");
	expect("no tags at all", NULL, "no tags at all");
	expect("{single} { {x} }", "{\"x\":1}", "{single} { {x} }");
	expect("a{{! a comment }}b", NULL, "ab");
}

static void sections(void **state)
{
	(void)state;
	const char *data =
	    "{\"title\":\"T\",\"items\":[{\"n\":\"a\"},{\"n\":\"<b>\",\"sel\":true}],"
	    "\"empty\":[],\"flag\":true,\"zero\":0,\"obj\":{\"k\":\"v\"},\"s\":\"\"}";
	/* loop; inner names first, then the enclosing object */
	expect("{{#items}}[{{n}}{{#sel}}*{{/sel}}/{{title}}]{{/items}}", data,
	       "[a/T][&lt;b&gt;*/T]");
	expect("{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", data, "none");
	expect("{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}", data, "yes");
	expect("{{#zero}}x{{/zero}}{{^zero}}0 is falsy{{/zero}}", data, "0 is falsy");
	expect("{{#s}}x{{/s}}{{^missing}}absent{{/missing}}", data, "absent");
	expect("{{#obj}}{{k}}{{/obj}}", data, "v");
	/* the same name nested */
	expect("{{#flag}}({{#flag}}in{{/flag}}){{/flag}}", data, "(in)");
	/* an array of strings: the block repeats, names resolve outside */
	expect("{{#a}}-{{t}}{{/a}}", "{\"a\":[\"x\",\"y\"],\"t\":1}", "-1-1");
}

static void malformed(void **state)
{
	(void)state;
	expect_fail("{{x", "{}", HC_EINTERNAL);
	expect_fail("{{}}", "{}", HC_EINTERNAL);
	expect_fail("{{a b}}", "{}", HC_EINTERNAL);
	expect_fail("{{a-b}}", "{}", HC_EINTERNAL);
	expect_fail("{{#a}}x", "{\"a\":1}", HC_EINTERNAL);
	expect_fail("{{#a}}x{{/b}}", "{\"a\":1}", HC_EINTERNAL);
	expect_fail("x{{/a}}", "{}", HC_EINTERNAL);
	/* a name of 48 characters is fine, 49 is not */
	char tpl[80];
	snprintf(tpl, sizeof tpl, "{{%s}}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	expect(tpl, "{}", "");
	snprintf(tpl, sizeof tpl, "{{%s}}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	expect_fail(tpl, "{}", HC_EINTERNAL);
}

static void limits(void **state)
{
	(void)state;
	/* nesting: HC_TMPL_DEPTH sections render, one more is refused */
	char ok[512] = "", over[512] = "";
	for (int i = 0; i < HC_TMPL_DEPTH; i++)
		strcat(ok, "{{#t}}");
	strcat(ok, "x");
	for (int i = 0; i < HC_TMPL_DEPTH; i++)
		strcat(ok, "{{/t}}");
	expect(ok, "{\"t\":true}", "x");
	for (int i = 0; i <= HC_TMPL_DEPTH; i++)
		strcat(over, "{{#t}}");
	strcat(over, "x");
	for (int i = 0; i <= HC_TMPL_DEPTH; i++)
		strcat(over, "{{/t}}");
	expect_fail(over, "{\"t\":true}", HC_EINTERNAL);

	/* template size */
	size_t n = HC_TMPL_MAX + 1;
	char *big = malloc(n + 1);
	memset(big, 'a', n);
	big[n] = '\0';
	hc_buf b = HC_BUF_INIT;
	hc_err e;
	assert_int_equal(hc_tmpl_render_text(big, n, NULL, &b, &e), HC_EINTERNAL);
	assert_int_equal(hc_tmpl_render_text(big, n - 1, NULL, &b, &e), HC_OK);
	assert_int_equal(b.len, n - 1);
	hc_buf_free(&b);
	free(big);

	/* output size: 1,000 copies of 10 KB is over 8 MiB */
	json_t *arr = json_array();
	char *chunk = malloc(10 * 1024 + 1);
	memset(chunk, 'z', 10 * 1024);
	chunk[10 * 1024] = '\0';
	for (int i = 0; i < 1000; i++)
		json_array_append_new(arr, json_pack("{s:s}", "c", chunk));
	free(chunk);
	json_t *d = json_pack("{s:o}", "a", arr);
	const char *tpl = "{{#a}}{{c}}{{/a}}";
	assert_int_equal(hc_tmpl_render_text(tpl, strlen(tpl), d, &b, &e), HC_ETOOBIG);
	hc_buf_free(&b);
	json_decref(d);
}

static void embedded_templates_render(void **state)
{
	(void)state;
	size_t n, seen = 0;
	const hc_embed_file *f = hc_embed_list(&n);
	for (size_t i = 0; i < n; i++) {
		const char *pre = "web/templates/";
		if (strncmp(f[i].name, pre, strlen(pre)) != 0)
			continue;
		char name[96];
		snprintf(name, sizeof name, "%.*s", (int)(strlen(f[i].name) - strlen(pre) - 5),
		         f[i].name + strlen(pre));
		hc_buf b = HC_BUF_INIT;
		hc_err e;
		json_t *d = json_pack("{s:s}", "title", "<x>");
		if (hc_tmpl_render(name, d, &b, &e) != HC_OK)
			fail_msg("template %s: %s", name, e.detail);
		json_decref(d);
		hc_buf_free(&b);
		seen++;
	}
	assert_true(seen >= 10);
	hc_buf b = HC_BUF_INIT;
	hc_err e;
	assert_int_equal(hc_tmpl_render("no-such-page", NULL, &b, &e), HC_EINTERNAL);
	assert_int_equal(hc_tmpl_render("../../data/catalog/procedures", NULL, &b, &e),
	                 HC_EINTERNAL);
	hc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(escapes_by_default),
	    cmocka_unit_test(values),
	    cmocka_unit_test(sections),
	    cmocka_unit_test(malformed),
	    cmocka_unit_test(limits),
	    cmocka_unit_test(embedded_templates_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
