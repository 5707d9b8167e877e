// Drops the KERN rules no page uses (`npm run build:css`, called by `make assets`).
// Content = every place a class name can come from: templates, Python code (state badges,
// button kinds), forms and the small app.js. Classes built from a variable in a template
// (kern-btn--{{ kind }}, kern-alert--{{ kind }}, kern-badge--{{ state.badge }},
// "kern-form-check__" ~ kind) are safelisted; tests/assets checks the pages against the build.
// `make assets` runs this; look at the pages with bench/screenshots.py before and after a change.
module.exports = {
  css: ["node_modules/@kern-ux/native/dist/kern.min.css"],
  content: [
    "templates/**/*.html",
    "app/**/*.py",
    "forms/**/*.py",
    "app/static/js/*.js",
  ],
  output: ".build/css",
  variables: false,
  keyframes: true,
  fontFace: true,
  safelist: {
    standard: [
      /^kern-btn--/,
      /^kern-alert--/,
      /^kern-badge--/,
      /^kern-form-check__/,
      /^kern-icon--(danger|warning|success|info)$/,
      // The colour context (the *-contextual custom properties) is set on
      // :is(body, .kern-light, ...) and .kern-level-N: keep it whole.
      /^kern-(light|dark|layer|level-\d+)$/,
      // Elements WTForms renders from Python (their names do not appear in our sources).
      "input", "textarea", "select", "option", "label",
    ],
    // ... including the selectors that name them inside :is()/:not() and the theme attribute.
    greedy: [/kern-level/, /data-kern-theme/],
  },
};
