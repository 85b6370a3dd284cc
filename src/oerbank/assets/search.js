// oerbank: the search page's entry module, run after lunr.js (a classic script: window.lunr).
import { start } from './search/ui.js';

start(window, window.lunr);
