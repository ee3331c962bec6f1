/** The local runtime's `npm start` entry, under a command line of the bench's own (bench/stack.ts). */
import '#local/main.ts';
