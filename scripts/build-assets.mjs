// Builds Candour's stylesheet from GOV.UK Frontend's Sass with our own font settings (Arial, no
// GDS Transport, no crown) and copies the few assets the pages use into intake/static/.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";

const out = "intake/static";
mkdirSync(`${out}/vendor`, { recursive: true });
const css = compile("scripts/candour.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "slash-div"],
});
writeFileSync(`${out}/candour.css`, css.css);
copyFileSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/vendor/govuk-frontend.min.js`);
copyFileSync("node_modules/axe-core/axe.min.js", `${out}/vendor/axe.min.js`);
console.log(`built ${out}/candour.css (${css.css.length} bytes)`);
