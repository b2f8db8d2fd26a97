/*
 * Shows every <time datetime="…"> of the agent-grant pages in the browser's own time zone, naming the zone
 * ("2 Dec 2026, 23:15 CET"). The server renders the same instant in UTC, saying so, which is what a browser without
 * script shows. Loaded as an external file: the pages run under a Content-Security-Policy without inline scripts.
 */
(function () {
    "use strict";

    function localise() {
        var lang = document.documentElement.lang || undefined;
        var format;
        try {
            format = new Intl.DateTimeFormat(lang, {
                year: "numeric",
                month: "short",
                day: "numeric",
                hour: "2-digit",
                minute: "2-digit",
                timeZoneName: "short"
            });
        } catch (e) {
            return;
        }
        var zone = format.resolvedOptions().timeZone;
        var times = document.querySelectorAll("time[datetime]");
        for (var i = 0; i < times.length; i++) {
            var time = times[i];
            var instant = new Date(time.getAttribute("datetime"));
            if (isNaN(instant.getTime())) {
                continue;
            }
            time.textContent = format.format(instant);
            if (zone) {
                time.setAttribute("title", zone);
            }
            time.setAttribute("data-time-zone", zone || "");
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", localise);
    } else {
        localise();
    }
})();
