// lunr.js's tokenizer + pipeline on each text: stdin ["text", ...]; stdout [[term, ...], ...]
import fs from 'node:fs';
import lunr from 'lunr';

const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
const pipeline = new lunr.Pipeline();
pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
process.stdout.write(JSON.stringify(texts.map((t) => pipeline.run(lunr.tokenizer(t)).map(String))));
