/*
 * test_report_html.c: the HTML report. Unit tests check escaping and the
 * small Markdown renderer, the SARIF reader (URI resolution, percent
 * decoding, exact messages for logs it rejects), the index's grouping and
 * order, and how a finding page draws its steps on the source (highlight
 * ranges from UTF-16 columns, bubbles, files that cannot be found). The
 * rest runs the real binary: `report LOG -o DIR` and `--format html`, their
 * exit codes and messages. A comment and a file name carrying </script> and
 * <img onerror> must come out as text. The browser test is
 * scripts/test-report-browser.sh.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir */

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html_text.h"
#include "report_html.h"
#include "sarif_read.h"
#include "testutil.h"
#include "util.h"

/* ---- helpers ---- */

#define EVIL "</script><img src=x onerror=alert(1)>"
/* The directory "evil<" and in it the file "script><img ...>.c": together "evil" EVIL ".c". */
#define EVIL_FILE "evil" EVIL ".c"
#define EVIL_URI "evil%3C/script%3E%3Cimg%20src=x%20onerror=alert(1)%3E.c"

static const char program[] =
    "#include <stdio.h>\n"
    "/* " EVIL " */\n"
    "int f(void) {\n"
    "    db = open_db(\n"
    "        \"x\");\n"
    "    s = \"\xc3\xa9\xf0\x9f\x98\x80\"; close(db);\n" /* "é😀": 1 + 2 UTF-16 units, 2 + 4 bytes */
    "    return 0;\n"
    "}\n";

static char *escaped(const char *s)
{
    struct sl_strbuf sb = {0};
    sl_html_escape(&sb, s);
    return sl_sb_take(&sb);
}

static char *markdown(const char *s)
{
    struct sl_strbuf sb = {0};
    sl_html_markdown(&sb, s);
    return sl_sb_take(&sb);
}

static size_t count(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void write_in(const char *dir, const char *name, const char *text)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    cr_assert_eq(sl_test_write(path, text), 0, "cannot write %s", path);
    free(path);
}

/* A temporary %SRCROOT% with prog.c and the file named like an attack. */
static char *make_root(void)
{
    char *root = sl_test_tmpdir();
    char *evil_dir = sl_xasprintf("%s/evil<", root);
    cr_assert_eq(mkdir(evil_dir, 0777), 0);
    free(evil_dir);
    write_in(root, "prog.c", program);
    write_in(root, EVIL_FILE, program);
    return root;
}

static char *step_json(const char *uri, unsigned line, unsigned col, unsigned end_line,
                       unsigned end_col, const char *message)
{
    return sl_xasprintf("{\"location\":{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"%s\","
                        "\"uriBaseId\":\"%%SRCROOT%%\"},\"region\":{\"startLine\":%u,"
                        "\"startColumn\":%u,\"endLine\":%u,\"endColumn\":%u}},"
                        "\"message\":{\"text\":\"%s\"}}}",
                        uri, line, col, end_line, end_col, message);
}

/* A result whose primary location is at line 6 (or `line`), with the three
 * steps of `program` as its code flow when flow is true. */
static char *result_json(const char *rule, const char *uri, unsigned line, const char *message,
                         bool flow)
{
    char *s1 = step_json(uri, 4, 10, 5, 13, "opened here");
    char *s2 = step_json(uri, 2, 4, 2, 13, "<img src=x onerror=alert(2)> in a message");
    char *s3 = step_json(uri, 6, 16, 6, 25, message);
    char *flows = flow ? sl_xasprintf(",\"codeFlows\":[{\"threadFlows\":[{\"locations\":[%s,%s,%s]}]}]",
                                      s1, s2, s3)
                       : sl_xstrdup("");
    char *json = sl_xasprintf(
        "{\"ruleId\":\"%s\",\"message\":{\"text\":\"%s\"},\"locations\":[{\"physicalLocation\":"
        "{\"artifactLocation\":{\"uri\":\"%s\",\"uriBaseId\":\"%%SRCROOT%%\"},\"region\":"
        "{\"startLine\":%u,\"startColumn\":16}},\"logicalLocations\":[{\"name\":\"f\"}]}]%s}",
        rule, message, uri, line, flows);
    free(s1);
    free(s2);
    free(s3);
    free(flows);
    return json;
}

static char *sarif_log(const char *root, const char *results)
{
    return sl_xasprintf(
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"t\",\"rules\":["
        "{\"id\":\"session-leak\",\"shortDescription\":{\"text\":\"A handle leaks.\"},"
        "\"help\":{\"text\":\"plain\",\"markdown\":\"Wrong:\\n```c\\nleak(\\\"<x>\\\");\\n```\"},"
        "\"defaultConfiguration\":{\"level\":\"warning\"}},"
        "{\"id\":\"double-close\",\"help\":{\"text\":\"Close once <b>.\"}}]}},"
        "\"originalUriBaseIds\":{\"%%SRCROOT%%\":{\"uri\":\"file://%s/\"}},"
        "\"results\":[%s]}]}",
        root, results);
}

static void read_ok(struct sl_sarif_log *log, const char *text)
{
    char *error = NULL;
    int rc = sl_sarif_read(text, log, &error);
    cr_assert_eq(rc, 0, "%s", error ? error : "");
}

static void expect_read_error(const char *text, const char *message)
{
    struct sl_sarif_log log;
    char *error = NULL;
    cr_assert_eq(sl_sarif_read(text, &log, &error), -1);
    cr_assert_str_eq(error, message);
    free(error);
    sl_sarif_log_free(&log);
}

/* The finding page of a one-result log built from result. */
static char *finding_page(const char *root, const char *result, struct sl_sarif_log *log)
{
    char *text = sarif_log(root, result);
    read_ok(log, text);
    size_t order[1] = {0};
    char *page = sl_report_html_finding(log, order, 0, "n0nce");
    free(text);
    return page;
}

/* ---- escaping and Markdown ---- */

Test(html_text, escapes_every_special_character)
{
    char *s = escaped("a&b <c> \"d\" 'e' " EVIL);
    cr_assert_str_eq(s, "a&amp;b &lt;c&gt; &quot;d&quot; &#39;e&#39; "
                        "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    free(s);
    s = escaped(NULL);
    cr_assert_str_eq(s, "");
    free(s);
}

Test(html_text, markdown_paragraphs_code_blocks_and_inline_code)
{
    char *s = markdown("Release it, `a<b`, **now**.\nSecond line.\n\nWrong:\n```c\nif (x < 1)\n"
                       "    return; /* </script> */\n```\n\n- one\n- **two**\n## Title\n<b>raw</b>");
    cr_assert_str_eq(s, "<p>Release it, <code>a&lt;b</code>, <strong>now</strong>.\nSecond line.</p>\n"
                        "<p>Wrong:</p>\n<pre><code>if (x &lt; 1)\n    return; /* &lt;/script&gt; */\n"
                        "</code></pre>\n<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n"
                        "<h4>Title</h4>\n<p>&lt;b&gt;raw&lt;/b&gt;</p>\n");
    free(s);
}

Test(html_text, markdown_unclosed_markers_and_fences_stay_text)
{
    char *s = markdown("a `b and **c\n```\nopen <fence>");
    cr_assert_str_eq(s, "<p>a `b and **c</p>\n<pre><code>open &lt;fence&gt;\n</code></pre>\n");
    free(s);
}

/* ---- reading SARIF ---- */

Test(sarif_read, percent_decoding)
{
    char *s = sl_uri_decode("a%20b%3C%2fc%zz%4%00.c");
    cr_assert_str_eq(s, "a b</c%zz%4%00.c");
    free(s);
}

Test(sarif_read, resolves_srcroot_and_decodes_the_file_name)
{
    char *root = make_root();
    char *result = result_json("session-leak", EVIL_URI, 6, "leak", true);
    char *text = sarif_log(root, result);
    struct sl_sarif_log log;
    read_ok(&log, text);
    cr_assert_eq(log.nrules, 2);
    cr_assert_eq(log.nresults, 1);
    const struct sl_sarif_result *r = &log.results[0];
    char *expected_path = sl_xasprintf("%s/%s", root, EVIL_FILE);
    cr_assert_str_eq(r->loc.file, EVIL_FILE);
    cr_assert_str_eq(r->loc.path, expected_path);
    cr_assert_str_eq(r->rule_id, "session-leak");
    cr_assert_eq(r->rule, 0);
    cr_assert_str_eq(r->level, "warning"); /* the rule's default */
    cr_assert_str_eq(r->function, "f");
    cr_assert_eq(r->nsteps, 3);
    cr_assert_str_eq(r->steps[1].message, "<img src=x onerror=alert(2)> in a message");
    cr_assert_eq(r->steps[0].region.line, 4);
    cr_assert_eq(r->steps[0].region.end_col, 13);
    cr_assert(r->utf16_columns);
    sl_sarif_log_free(&log);
    free(expected_path);
    free(text);
    free(result);
    free(root);
}

Test(sarif_read, falls_back_to_the_current_directory_and_to_the_location_as_only_step)
{
    char *root = make_root();
    cr_assert_eq(chdir(root), 0);
    char *result = result_json("no-such-rule", "prog.c", 3, "msg", false);
    char *text = sarif_log("/nonexistent/elsewhere", result); /* a log made on another machine */
    struct sl_sarif_log log;
    read_ok(&log, text);
    const struct sl_sarif_result *r = &log.results[0];
    cr_assert_str_eq(r->loc.path, "prog.c");
    cr_assert_eq(r->rule, -1);
    cr_assert_str_eq(r->level, "warning");
    cr_assert_eq(r->nsteps, 1);
    cr_assert_str_eq(r->steps[0].message, "msg");
    cr_assert_eq(r->steps[0].region.line, 3);
    sl_sarif_log_free(&log);
    free(text);
    free(result);
    free(root);
}

Test(sarif_read, absolute_file_uris_and_missing_files)
{
    struct sl_sarif_log log;
    read_ok(&log, "{\"version\":\"2.1.0\",\"runs\":[{\"columnKind\":\"unicodeCodePoints\","
                  "\"results\":[{\"ruleId\":\"r\",\"level\":\"error\",\"message\":{\"text\":\"m\"},"
                  "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
                  "{\"uri\":\"file:///no/such%20dir/x.c\"}}}]}]}]}");
    cr_assert_str_eq(log.results[0].loc.file, "/no/such dir/x.c");
    cr_assert_null(log.results[0].loc.path);
    cr_assert_str_eq(log.results[0].level, "error");
    cr_assert_not(log.results[0].utf16_columns);
    sl_sarif_log_free(&log);
}

Test(sarif_read, rejects_what_is_not_a_sarif_log_with_a_precise_message)
{
    expect_read_error("{\"version\": \"2.1.0\",\n \"runs\": [}", "not valid JSON (line 2, column 11)");
    expect_read_error("[1, 2]", "not a SARIF 2.1.0 log (it needs \"version\": \"2.1.0\" and a \"runs\" array)");
    expect_read_error("{\"version\":\"2.0.0\",\"runs\":[]}",
                      "not a SARIF 2.1.0 log (it needs \"version\": \"2.1.0\" and a \"runs\" array)");
    expect_read_error("{\"version\":\"2.1.0\",\"runs\":{}}", "the log: 'runs' is not an array");
    expect_read_error("{\"version\":\"2.1.0\",\"runs\":[3]}", "runs[0]: not an object");
    expect_read_error("{\"version\":\"2.1.0\",\"runs\":[{\"results\":{}}]}",
                      "runs[0]: 'results' is not an array");
    expect_read_error("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{},\"x\"]}]}",
                      "runs[0].results[1]: not an object");
    expect_read_error("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"message\":\"oops\"}]}]}",
                      "runs[0].results[0]: 'message' is not an object");
    expect_read_error("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"locations\":[{"
                      "\"physicalLocation\":{\"region\":{\"startLine\":\"7\"}}}]}]}]}",
                      "runs[0].results[0]: 'startLine' is not a number");
    expect_read_error("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"rules\":7}}}]}",
                      "runs[0].tool.driver: 'rules' is not an array");
}

/* ---- the index ---- */

Test(report_index, groups_by_rule_and_file_in_report_order)
{
    char *root = make_root();
    char *r1 = result_json("session-leak", "prog.c", 6, "leak b", false);
    char *r2 = result_json("double-close", "prog.c", 4, "closed twice", false);
    char *r3 = result_json("session-leak", EVIL_URI, 2, "leak a", false);
    char *r4 = result_json("session-leak", "prog.c", 3, "leak c", false);
    char *results = sl_xasprintf("%s,%s,%s,%s", r1, r2, r3, r4);
    char *text = sarif_log(root, results);
    struct sl_sarif_log log;
    read_ok(&log, text);
    size_t *order = sl_report_html_order(&log);
    cr_assert_eq(order[0], 1); /* double-close first, then session-leak by file, then line */
    cr_assert_eq(order[1], 2);
    cr_assert_eq(order[2], 3);
    cr_assert_eq(order[3], 0);
    char *page = sl_report_html_index(&log, order, "n0nce");
    cr_assert(strstr(page, "<p class=\"muted\" id=\"summary\">4 findings in 2 files</p>"));
    cr_assert(strstr(page, "<tr><td><a href=\"#findings\" data-filter=\"rule\" data-value=\"double-close\">"
                           "double-close</a> <span class=\"level warning\">warning</span></td>"
                           "<td class=\"n\">1</td></tr>\n"
                           "<tr><td><a href=\"#findings\" data-filter=\"rule\" data-value=\"session-leak\">"
                           "session-leak</a> <span class=\"level warning\">warning</span></td>"
                           "<td class=\"n\">3</td></tr>\n"));
    cr_assert(strstr(page, "data-value=\"prog.c\">prog.c</a></td><td class=\"n\">3</td></tr>"));
    cr_assert(strstr(page, "<option value=\"session-leak\">session-leak (3)</option>"));
    cr_assert(strstr(page, "<tr data-rule=\"double-close\" data-file=\"prog.c\"><td class=\"n\" "
                           "data-key=\"1\"><a href=\"finding-1.html\">1</a></td>"));
    cr_assert(strstr(page, "<td data-key=\"prog.c:4\">prog.c:4</td>"));
    cr_assert(strstr(page, "<a href=\"finding-4.html\">leak b</a><div class=\"muted\">in <code>f</code></div>"));
    /* the file name is text everywhere: one script element, ours, and no img */
    cr_assert_eq(count(page, "<script"), 1);
    cr_assert(strstr(page, "<script nonce=\"n0nce\">"));
    cr_assert_eq(count(page, "</script>"), 1);
    cr_assert_eq(count(page, "<img"), 0);
    cr_assert_eq(count(page, "evil&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;.c"), 7);
    cr_assert(strstr(page, "script-src 'nonce-n0nce'"));
    free(page);
    free(order);
    sl_sarif_log_free(&log);
    free(text);
    free(results);
    free(r1);
    free(r2);
    free(r3);
    free(r4);
    free(root);
}

Test(report_index, empty_log)
{
    struct sl_sarif_log log;
    read_ok(&log, "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}");
    size_t *order = sl_report_html_order(&log);
    char *page = sl_report_html_index(&log, order, "n");
    cr_assert(strstr(page, "0 findings in 0 files"));
    cr_assert(strstr(page, "<p>No findings.</p>"));
    cr_assert_eq(count(page, "<script"), 0);
    free(page);
    free(order);
    sl_sarif_log_free(&log);
}

/* ---- finding pages ---- */

Test(report_finding, steps_are_numbered_and_highlighted_in_place)
{
    char *root = make_root();
    char *result = result_json("session-leak", "prog.c", 6, "'db' leaks", true);
    struct sl_sarif_log log;
    char *page = finding_page(root, result, &log);
    /* the path as a list */
    cr_assert(strstr(page, "<h2>Path (3 steps)</h2>"));
    cr_assert(strstr(page, "<li><a href=\"#step-1\"><span class=\"num\">1</span></a> opened here "
                           "<span class=\"muted\">prog.c:4:10</span></li>"));
    cr_assert(strstr(page, "<li class=\"final\"><a href=\"#step-3\">"));
    /* the source, lines 1 to 8, with the ranges marked */
    cr_assert(strstr(page, "<tr><td class=\"ln\">1</td><td class=\"src\">#include &lt;stdio.h&gt;</td></tr>"));
    cr_assert(strstr(page, "<tr><td class=\"ln\">2</td><td class=\"src\">/* <mark data-step=\"2\">"
                           "&lt;/script&gt;</mark>&lt;img src=x onerror=alert(1)&gt; */</td></tr>\n"
                           "<tr class=\"note\"><td class=\"ln\"></td><td class=\"src\"><div class=\"bubble\" "
                           "id=\"step-2\"><span class=\"num\">2</span>&lt;img src=x onerror=alert(2)&gt; "
                           "in a message</div></td></tr>\n"));
    cr_assert(strstr(page, "<tr><td class=\"ln\">4</td><td class=\"src\">    db = <mark data-step=\"1\">"
                           "open_db(</mark></td></tr>\n"
                           "<tr><td class=\"ln\">5</td><td class=\"src\">        <mark data-step=\"1\">"
                           "&quot;x&quot;)</mark>;</td></tr>\n"
                           "<tr class=\"note\"><td class=\"ln\"></td><td class=\"src\"><div class=\"bubble\" "
                           "id=\"step-1\"><span class=\"num\">1</span>opened here</div></td></tr>\n"));
    cr_assert(strstr(page, "<tr><td class=\"ln\">6</td><td class=\"src\">    s = &quot;\xc3\xa9\xf0\x9f\x98\x80"
                           "&quot;; <mark class=\"final\" data-step=\"3\">close(db)</mark>;</td></tr>\n"
                           "<tr class=\"note\"><td class=\"ln\"></td><td class=\"src\"><div class=\"bubble final\" "
                           "id=\"step-3\"><span class=\"num\">3</span>&#39;db&#39; leaks</div></td></tr>\n"));
    cr_assert(strstr(page, "<tr><td class=\"ln\">8</td><td class=\"src\">}</td></tr>\n</table>"));
    cr_assert_eq(count(page, "class=\"gap\""), 0);
    cr_assert_eq(count(page, "<img"), 0);
    cr_assert_eq(count(page, "<script"), 0);
    /* the rule's help, from its Markdown */
    cr_assert(strstr(page, "<h2>About <code>session-leak</code></h2>\n<p><strong>A handle leaks.</strong></p>\n"
                           "<p>Wrong:</p>\n<pre><code>leak(&quot;&lt;x&gt;&quot;);\n</code></pre>\n"));
    /* one finding: no previous, no next */
    cr_assert(strstr(page, "<span class=\"muted\">&larr; Previous</span>\n<span>Finding 1 of 1</span>\n"
                           "<span class=\"muted\">Next &rarr;</span>"));
    free(page);
    sl_sarif_log_free(&log);
    free(result);
    free(root);
}

Test(report_finding, help_text_in_pre_when_there_is_no_markdown_and_pager_links)
{
    char *root = make_root();
    char *r1 = result_json("double-close", "prog.c", 6, "twice", false);
    char *r2 = result_json("session-leak", "prog.c", 6, "leak", false);
    char *results = sl_xasprintf("%s,%s,%s", r1, r2, r2);
    char *text = sarif_log(root, results);
    struct sl_sarif_log log;
    read_ok(&log, text);
    size_t *order = sl_report_html_order(&log);
    char *first = sl_report_html_finding(&log, order, 0, "n");
    char *middle = sl_report_html_finding(&log, order, 1, "n");
    cr_assert(strstr(first, "<pre>Close once &lt;b&gt;.</pre>"));
    cr_assert(strstr(first, "<a rel=\"next\" href=\"finding-2.html\">Next &rarr;</a>"));
    cr_assert(strstr(middle, "<a rel=\"prev\" href=\"finding-1.html\">&larr; Previous</a>\n"
                             "<span>Finding 2 of 3</span>\n<a rel=\"next\" href=\"finding-3.html\">"));
    /* without a code flow the finding is its own single step, lines 3 to 8 shown */
    cr_assert(strstr(first, "<h2>Path (1 step)</h2>"));
    cr_assert(strstr(first, "<tr class=\"gap\"><td class=\"ln\">&#8942;</td><td></td></tr>\n"
                            "<tr><td class=\"ln\">3</td>"));
    cr_assert_eq(count(first, "<td class=\"ln\">2</td>"), 0);
    free(first);
    free(middle);
    free(order);
    sl_sarif_log_free(&log);
    free(text);
    free(results);
    free(r1);
    free(r2);
    free(root);
}

Test(report_finding, missing_source_still_shows_every_step)
{
    char *root = make_root();
    char *result = result_json("session-leak", "gone.c", 6, "leak", true);
    struct sl_sarif_log log;
    char *page = finding_page(root, result, &log);
    cr_assert(strstr(page, "<h2><code>gone.c</code></h2>\n<p class=\"muted\">Source not available"));
    for (int i = 1; i <= 3; i++) {
        char *id = sl_xasprintf("id=\"step-%d\"", i);
        cr_assert_eq(count(page, id), 1, "%s", id);
        free(id);
    }
    cr_assert(strstr(page, "<div><div class=\"bubble\" id=\"step-1\"><span class=\"num\">1</span>opened here</div>"
                           " <span class=\"muted\">line 4</span></div>"));
    free(page);
    sl_sarif_log_free(&log);
    free(result);
    free(root);
}

/* ---- the binary ---- */

static void run_report(struct sl_run *r, const char *log, const char *dir)
{
    const char *argv[] = {SL_BINARY, "report", log, "-o", dir, NULL};
    sl_run_argv(r, argv, NULL);
}

static bool exists(const char *dir, const char *name)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    bool ok = access(path, F_OK) == 0;
    free(path);
    return ok;
}

Test(report_cli, report_subcommand_writes_the_pages_and_removes_stale_ones)
{
    char *root = make_root();
    char *result = result_json("session-leak", EVIL_URI, 6, "leak", true);
    char *results = sl_xasprintf("%s,%s", result, result);
    char *text = sarif_log(root, results);
    char *log = sl_xasprintf("%s/in.sarif", root), *out = sl_xasprintf("%s/out", root);
    cr_assert_eq(sl_test_write(log, text), 0);
    write_in(root, "stale.sarif", "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}");
    struct sl_run r;
    run_report(&r, log, out);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *expected = sl_xasprintf("sessionlint: HTML report of 2 findings written to %s/index.html\n", out);
    cr_assert_str_eq(r.err, expected);
    cr_assert(exists(out, "index.html") && exists(out, "finding-1.html") && exists(out, "finding-2.html"));
    sl_run_free(&r);
    char *stale = sl_xasprintf("%s/stale.sarif", root);
    run_report(&r, stale, out); /* same directory, fewer findings */
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(exists(out, "index.html") && !exists(out, "finding-1.html"));
    sl_run_free(&r);
    free(stale);
    free(expected);
    free(log);
    free(out);
    free(text);
    free(results);
    free(result);
    free(root);
}

Test(report_cli, bad_logs_and_usage_exit_2_with_a_message)
{
    char *root = sl_test_tmpdir();
    char *bad = sl_xasprintf("%s/bad.sarif", root), *out = sl_xasprintf("%s/out", root);
    write_in(root, "bad.sarif", "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"message\":\"oops\"}]}]}");
    struct sl_run r;
    run_report(&r, bad, out);
    cr_assert_eq(r.status, 2);
    char *expected = sl_xasprintf("sessionlint: error: '%s': runs[0].results[0]: 'message' is not an object\n", bad);
    cr_assert_str_eq(r.err, expected);
    cr_assert_not(exists(out, "index.html"));
    sl_run_free(&r);
    free(expected);

    char *missing = sl_xasprintf("%s/none.sarif", root);
    run_report(&r, missing, out);
    cr_assert_eq(r.status, 2);
    expected = sl_xasprintf("sessionlint: error: cannot read '%s': No such file or directory\n", missing);
    cr_assert_str_eq(r.err, expected);
    sl_run_free(&r);
    free(expected);

    char *nested = sl_xasprintf("%s/no/such/dir", root);
    write_in(root, "ok.sarif", "{\"version\":\"2.1.0\",\"runs\":[]}");
    char *ok = sl_xasprintf("%s/ok.sarif", root);
    run_report(&r, ok, nested);
    cr_assert_eq(r.status, 2);
    expected = sl_xasprintf("sessionlint: error: cannot write the report to '%s': directory '%s/no/such' "
                            "does not exist\n", nested, root);
    cr_assert_str_eq(r.err, expected);
    sl_run_free(&r);
    free(expected);

    const char *no_output[] = {SL_BINARY, "report", "x.sarif", NULL};
    sl_run_argv(&r, no_output, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "sessionlint: error: usage: sessionlint report LOG.sarif -o DIR\n");
    sl_run_free(&r);
    free(ok);
    free(nested);
    free(missing);
    free(bad);
    free(out);
    free(root);
}

Test(report_cli, format_html_analyses_then_writes_the_report)
{
    char *root = sl_test_tmpdir();
    char *out = sl_xasprintf("%s/report", root);
    char *fixture = sl_test_path("fixtures/sqlite3/double-close.c");
    char *include = sl_xasprintf("-I%s", SL_SOURCE_DIR "/fixtures/include");
    const char *argv[] = {SL_BINARY, "--format", "html", "-o", out, fixture, "--", include, NULL};
    struct sl_run r;
    sl_run_argv(&r, argv, NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "sessionlint: HTML report of "));
    cr_assert(exists(out, "index.html") && exists(out, "finding-1.html"));
    char *index_path = sl_xasprintf("%s/index.html", out);
    char *index = sl_read_file(index_path, NULL);
    cr_assert(strstr(index, "data-rule=\"double-close\""));
    free(index);
    free(index_path);
    sl_run_free(&r);

    const char *to_stdout[] = {SL_BINARY, "--format", "html", fixture, NULL};
    sl_run_argv(&r, to_stdout, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "sessionlint: error: --format html writes a directory: give -o DIR\n");
    sl_run_free(&r);
    free(include);
    free(fixture);
    free(out);
    free(root);
}
