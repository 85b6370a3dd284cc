// The search page; lunr.js (window.lunr) is loaded first.
import { start } from './search/ui.js';

start(window, window.lunr);
