// The interface's languages and their catalogues: gettext PO files that translators' tools
// read, in ICU MessageFormat with CLDR plural rules. The Vite plugin compiles a catalogue when
// a page imports it, so no message parser ships to the browser and each language is its own
// chunk. A language is a folder of catalogues under src/locales/.
import { defineConfig } from "@lingui/conf";
import { formatter } from "@lingui/format-po";

export default defineConfig({
  sourceLocale: "en",
  locales: ["en", "fr", "es"],
  catalogs: [
    {
      // The server's message codes, written from its catalogue by `python -m schemas.translations`.
      path: "<rootDir>/src/locales/{locale}/codes",
      include: [],
    },
  ],
  // Every id is explicit (a server code, a page's own key): a msgid is the id itself.
  format: formatter({ origins: false, explicitIdAsDefault: true }),
});
