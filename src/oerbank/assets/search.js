// The search page: lunr.js's text pipeline comes with first.js, which the page runs first.
import { words } from './search/first.js';
import { start } from './search/ui.js';

start(window, words);
