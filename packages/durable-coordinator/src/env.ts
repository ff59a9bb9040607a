/** The bindings `WorkflowRunObject` needs. */
export interface WorkflowRunObjectEnv {
  /** D1: the cross-run index the object keeps current through its outbox. */
  DB: D1Database;
}
