// Building blocks of the desk's pages: the frame every page shares (head, navigation by role,
// the signed-in account), error pages, and small pieces (options, CSRF field, snippet marks).
// Every value that comes from the archive or the request goes through HtmlEscape here or in
// pages.cc; nothing inline (the CSP forbids inline scripts and styles), so look and behaviour
// come from /assets/desk.css and /assets/desk.js.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core.h"

namespace dangan::server {

// The embedded assets (server/assets, compiled in by assets/embed.cmake).
extern const char kDeskCss[];
extern const char kDeskJs[];
extern const char kFormsJs[];      // /forms pages: live checks, rows, preview, drafts
extern const char kRegistersJs[];  // /registers pages
extern const char kImportsJs[];    // /imports pages

namespace html {

// A short fingerprint of an asset's content, added to its URL (?v=…) so that it can be cached
// for a year and still change with a new build.
std::string AssetVersion(const char* content);

// The whole page: <head> with the stylesheet and script, the header with the navigation the
// account's role allows (none when signed out), `body` in <main>. `current` is the path of the
// navigation entry to mark as the current page.
std::string Page(const std::string& title, const Session* session, const std::string& current,
                 const std::string& body);
// Page with one more script of server/assets (e.g. "forms.js" with kFormsJs) after desk.js.
std::string PageWithScript(const std::string& title, const Session* session,
                           const std::string& current, const std::string& body,
                           const char* script_name, const char* script);

// A page for a failed request: 400, 403, 404 (an item above the reader's clearance gets this very
// page), 413, 422, 500; `detail` (escaped here) says what to do, empty for the standard sentence.
std::string ErrorPage(int status, const Session* session, const std::string& detail = "");

// The hidden field every POST form carries.
std::string CsrfField(const Session& session);
// <option value=…>label</option>, selected when value == chosen.
std::string Option(const std::string& value, const std::string& label, const std::string& chosen);
// A notice box: kind "error" or "ok"; text escaped.
std::string Notice(const std::string& kind, const std::string& text);
// The problems of a failed job, one line each (escaped).
std::string ProblemList(const Status& s);

// A search snippet, escaped, with the hits the search marked 【…】 as <mark>…</mark> (balanced
// even when the snippet was cut inside a mark).
std::string Snippet(const std::string& snippet);
// Text with its line breaks kept (备注): escaped, each line break a <br>.
std::string MultiLine(const std::string& text);

// Percent-encoding of a path segment or query value (every byte but A-Z a-z 0-9 - . _ ~).
std::string UrlEncode(const std::string& text);
// /items/{档号}, percent-encoded.
std::string ItemUrl(const std::string& danghao);

// A byte count as a clerk reads it: 512 字节, 3.2 KB, 1.5 MB.
std::string Bytes(unsigned long long bytes);

}  // namespace html
}  // namespace dangan::server
