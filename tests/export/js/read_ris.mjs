// Reads a RIS file with citation-js (as Zotero-less tools such as Citation.js users do) and
// prints the CSL-JSON items it makes of it. Usage: node read_ris.mjs FILE.ris
import { readFileSync } from 'node:fs'
import { Cite } from '@citation-js/core'
import '@citation-js/plugin-ris'

const items = await Cite.async(readFileSync(process.argv[2], 'utf8'), { forceType: '@ris/file' })
process.stdout.write(JSON.stringify(items.data.map(({ _graph, ...item }) => item)))
