// Imports every type's file (each registers itself with the builder) and builds the schema.
import { builder } from './builder.ts';
import './enums.ts';
import './node.ts';
import './document.ts';
import './feedback.ts';
import './job.ts';
import './job-inputs.ts';
import './job-updated.ts';
import './job-control.ts';
import './export.ts';
import './webhook.ts';

export const schema = builder.toSchema({ sortSchema: true });
