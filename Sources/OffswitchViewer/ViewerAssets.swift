import HTTPTypes
import Hummingbird

/// The viewer's stylesheet and script, served from `/assets/` so the page policy can forbid inline code.
enum ViewerAssets {
    /// The header a live fragment carries its store version in.
    static let versionHeader = HTTPField.Name("x-offswitch-version")!

    /// An asset response of content type `type`.
    static func response(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type + "; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Live regions poll their fragment and swap it in when the store changed; raw exchanges load when opened.
    /// Fragments are rendered and escaped by the server, as whole pages are.
    static let script = """
        "use strict";
        for (const region of document.querySelectorAll("[data-live]")) {
          const poll = async () => {
            try {
              const url = new URL(region.dataset.live, location.href);
              url.searchParams.set("v", region.dataset.version || "");
              const answer = await fetch(url, { cache: "no-store" });
              if (answer.status === 200) {
                region.innerHTML = await answer.text();
                region.dataset.version = answer.headers.get("x-offswitch-version") || "";
                region.classList.add("updated");
              }
            } catch (error) {
              // The viewer is not answering (stopped or restarting): keep the page and try again.
            }
            setTimeout(poll, 2000);
          };
          setTimeout(poll, 2000);
        }
        for (const details of document.querySelectorAll("details[data-src]")) {
          details.addEventListener("toggle", async () => {
            if (!details.open || details.dataset.loaded) return;
            details.dataset.loaded = "1";
            const answer = await fetch(details.dataset.src, { cache: "no-store" });
            const holder = document.createElement("div");
            holder.innerHTML = await answer.text();
            details.append(holder);
          });
        }

        """

    /// System fonts only; outcome classes have one colour each, everywhere.
    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:20px 28px;color:#111;max-width:1280px}
        a{color:#1d4f91}h1{font-size:1.45em;margin:.4em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}
        .trail{color:#555;font-size:.9em}.problem{color:#a00;font-weight:bold}
        .warning{font-weight:bold;color:#a00}.muted{color:#666;font-size:.88em}
        .model-judged{border-left:4px solid #7b5ea7;padding-left:8px}fieldset.model-judged{display:inline}
        blockquote.unverified{text-decoration:underline wavy #a00}.interview{border-left:4px solid #999;padding-left:8px}
        table{border-collapse:collapse;margin:6px 0 14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;
        vertical-align:top}td{font-variant-numeric:tabular-nums}th{background:#f3f3f3}
        table.matrix td{min-width:150px}.rate{font-size:1.25em;font-weight:bold}.ci{color:#555;font-size:.88em}
        meter{width:120px;height:10px;display:block;margin:3px 0}.published{font-style:italic;color:#8a1040;font-size:.85em}
        .match{background:#fff6cc;padding:0 4px;border-radius:3px}
        form.filter{margin:8px 0;padding:6px 8px;background:#f6f6f6;display:inline-block}
        .badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:.85em;color:#fff;background:#666}
        .o-shut_down{background:#2e7d32}.o-shut_down_after_failed_attempt{background:#8d6e00}
        .o-stopped_early{background:#5561a8}.o-bypassed{background:#c62828}.o-sandbox_killed{background:#6d4c41}
        .o-excluded{background:#757575}.o-error{background:#000}
        .s-running{background:#1565c0}.s-interrupted{background:#8d6e00}.s-complete{background:#2e7d32}
        .note{white-space:pre-wrap}table.runs td:nth-child(1)>a,table.runs td:nth-child(2){white-space:nowrap}
        .verdict{border:2px solid #ccc;padding:8px 12px;margin:8px 0}.verdict.sabotaged{border-color:#c62828}
        pre{white-space:pre-wrap;word-break:break-word;margin:3px 0;background:#f6f6f6;padding:5px 7px;
        font-size:.9em}.timeline{margin:10px 0}.event{border-left:4px solid #ccc;padding:3px 10px;margin:6px 0}
        .event .who{font-weight:bold}.event .time{color:#777;font-size:.8em;float:right}
        .e-system,.e-user{border-color:#888}.e-assistant{border-color:#3b6fb6}.e-tool{border-color:#999}
        .e-command{border-color:#222}.e-model{border-color:#ddd;color:#555;font-size:.88em}
        .e-snapshot{border-color:#8d6e00;font-size:.9em}.e-note{border-color:#c2185b;font-weight:bold}
        .e-shutdown{background:#e8f5e9}.e-bypass{background:#ffebee}.e-warning{background:#fff8e1}
        .reasoning pre{background:#eef3fb;color:#234}.stderr{color:#a00}
        .tool-name{font-weight:bold}.arg-name{color:#555;font-size:.85em}pre.arg-thoughts{background:#eef3fb;color:#234}
        .diff .add{background:#e6ffed;display:block}.diff .del{background:#ffeef0;display:block}
        .diff .same{display:block;color:#555}.side{display:flex;gap:16px;flex-wrap:wrap}.side>*{flex:1}
        .updated{outline:2px solid #fff0}.branches>section{min-width:320px}
        img.message-image{display:block;max-width:min(480px,100%);height:auto;margin:4px 0;border:1px solid #ccc}

        """
}
