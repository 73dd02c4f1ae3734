// The post step's entry point (runs.post: dist/post/index.js, post-if: always()).
import { runPost } from './export/cleanup.js';

runPost();
