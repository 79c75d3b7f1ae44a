#!/usr/bin/env node
// The `fleet-check` command's entry (package.json `bin`), bundled to dist/cli/index.js.
import { main } from './main.js'

process.exitCode = await main(process.argv.slice(2))
