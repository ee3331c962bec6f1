// The payer-facing site: plain static pages, no UI framework, served next to the API (same origin).
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // No dev toolbar, no telemetry prompts in builds: the site has nothing to configure at run time.
  devToolbar: { enabled: false },
});
