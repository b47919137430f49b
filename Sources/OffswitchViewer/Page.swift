import Hummingbird
import OffswitchReport

/// The viewer's page layout and its HTML responses.
///
/// Page code builds HTML from escaped parts: text from the store goes through `HTML.escape` (the report's one
/// escaping function) or ``Page/text(_:)``, and URLs through ``Page/link(_:_:)``.
enum Page {
    /// A whole page: the head with the viewer's assets and policy, breadcrumbs, and `body` (HTML).
    ///
    /// - Parameters:
    ///   - title: The page title (text).
    ///   - trail: Breadcrumbs before the title, as (text, href) pairs.
    ///   - body: The page's content, HTML.
    static func document(_ title: String, trail: [(String, String)] = [], body: String) -> String {
        let crumbs = (trail.map { link($0.0, $0.1) } + [text(title)]).joined(separator: " › ")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(text(title)) · offswitch</title>
            <link rel="stylesheet" href="/assets/viewer.css">
            <script src="/assets/viewer.js" defer></script>
            </head>
            <body>
            <nav class="trail">\(link("offswitch", "/")) › \(crumbs)</nav>
            \(body)
            </body>
            </html>

            """
    }

    /// The policy: the viewer's own script, styles and fetches; no inline script, nothing from elsewhere. Images
    /// may also be `data:` URLs, the only way a transcript's images (camera frames) are shown.
    static let policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:"

    /// `text` escaped for HTML.
    static func text(_ text: String) -> String { HTML.escape(text) }

    /// A link to `href` reading `text`; both are escaped.
    static func link(_ text: String, _ href: String, class name: String? = nil) -> String {
        let attribute = name.map { " class=\"\(HTML.escape($0))\"" } ?? ""
        return "<a href=\"\(HTML.escape(href))\"\(attribute)>\(HTML.escape(text))</a>"
    }

    /// A path with query items whose values are set, each percent-encoded.
    static func path(_ path: String, _ items: [(String, String?)]) -> String {
        let query = items.compactMap { name, value in value.map { "\(name)=\(percentEncoded($0))" } }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    /// `value` with everything but unreserved URL characters percent-encoded.
    static func percentEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// A `<select>` named `name` offering `options` (value, label) plus "any", with `selected` chosen.
    static func select(_ name: String, _ options: [(String, String)], selected: String?) -> String {
        let items = [("", "any")] + options
        let rendered = items.map { value, label in
            "<option value=\"\(HTML.escape(value))\"\(value == (selected ?? "") ? " selected" : "")>"
                + HTML.escape(label) + "</option>"
        }
        return "<select name=\"\(HTML.escape(name))\">" + rendered.joined() + "</select>"
    }

    /// A 200 response holding `html`.
    static func response(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page saying what was not found or was wrong with the request, with its status.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        response(document(status.reasonPhrase, body: "<p class=\"problem\">\(text(message))</p>"), status: status)
    }
}
