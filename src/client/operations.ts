// The SDK's GraphQL documents. graphql-codegen reads the `/* GraphQL */` literals here to
// generate their result and variable types; at run time each is sent with JOB_FIELDS appended.
import type * as T from './generated.ts';

/** A document string that remembers its result and variable types. */
export type Operation<R, V> = string & { readonly __types?: [R, V] };

const op = <R, V>(query: string): Operation<R, V> => `${query}\n${JOB_FIELDS}` as Operation<R, V>;
/** For operations about one job: its detail fields too. */
const detailOp = <R, V>(query: string): Operation<R, V> =>
  `${query}\n${JOB_DETAIL_FIELDS}\n${JOB_FIELDS}` as Operation<R, V>;
const plain = <R, V>(query: string): Operation<R, V> => query as Operation<R, V>;

export const JOB_FIELDS = /* GraphQL */ `
  fragment JobFields on Job {
    id
    endpoint
    status
    stage
    progress
    version
    attempts
    metadata
    request
    response { statusCode body }
    error { code message details category stage }
    priority
    queuePosition
    estimatedStartAt
    estimatedCompletionAt
    attemptHistory { attempt startedAt endedAt outcome error { code message category stage } }
    qualityScore
    qualityGrade
    processingSummary
    privacyApplied
    piiFindingsCount
    piiFindings { type preview start end page score }
    document { id filename mimeType sizeBytes pageCount sha256 createdAt }
    createdAt
    updatedAt
    startedAt
    completedAt
    expiresAt
  }
`;

/**
 * What the SDK reads only where one job is asked for (get, watch, waitForCompletion): a page of
 * 100 jobs with these too would cost more than GRAPHQL_MAX_COST allows.
 */
export const JOB_DETAIL_FIELDS = /* GraphQL */ `
  fragment JobDetailFields on Job {
    ...JobFields
    warnings { code message page }
  }
`;

export const GET_JOB = detailOp<T.GetJobQuery, T.GetJobQueryVariables>(/* GraphQL */ `
  query GetJob($id: ID!) { job(id: $id) { ...JobDetailFields } }
`);

export const LIST_JOBS = op<T.ListJobsQuery, T.ListJobsQueryVariables>(/* GraphQL */ `
  query ListJobs($first: Int, $after: String, $offset: Int, $filter: JobFilter) {
    jobs(first: $first, after: $after, offset: $offset, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
      nodes { ...JobFields }
    }
  }
`);

export const CREATE_JOB = op<T.CreateJobMutation, T.CreateJobMutationVariables>(/* GraphQL */ `
  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { ...JobFields } }
`);

export const UPLOAD_DOCUMENT = op<T.UploadDocumentMutation, T.UploadDocumentMutationVariables>(/* GraphQL */ `
  mutation UploadDocument(
    $file: File!
    $endpoint: JobEndpoint
    $options: JobOptionsInput
    $metadata: JSON
    $idempotencyKey: String
  ) {
    uploadDocument(
      file: $file
      endpoint: $endpoint
      options: $options
      metadata: $metadata
      idempotencyKey: $idempotencyKey
    ) { ...JobFields }
  }
`);

export const CANCEL_JOB = op<T.CancelJobMutation, T.CancelJobMutationVariables>(/* GraphQL */ `
  mutation CancelJob($id: ID!) { cancelJob(id: $id) { ...JobFields } }
`);

export const CREATE_JOBS = op<T.CreateJobsMutation, T.CreateJobsMutationVariables>(/* GraphQL */ `
  mutation CreateJobs($inputs: [CreateJobInput!]!) {
    createJobs(inputs: $inputs) { jobs { ...JobFields } errors { index code message } }
  }
`);

export const CANCEL_JOBS = plain<T.CancelJobsMutation, T.CancelJobsMutationVariables>(/* GraphQL */ `
  mutation CancelJobs($ids: [ID!], $filter: JobFilter) {
    cancelJobs(ids: $ids, filter: $filter) { cancelled alreadyFinished }
  }
`);

export const RETRY_JOB = op<T.RetryJobMutation, T.RetryJobMutationVariables>(/* GraphQL */ `
  mutation RetryJob($id: ID!) { retryJob(id: $id) { ...JobFields } }
`);

export const USAGE = plain<T.UsageQuery, T.UsageQueryVariables>(/* GraphQL */ `
  query Usage($from: DateTime, $to: DateTime) {
    usage(from: $from, to: $to) {
      jobs
      pages
      byEndpoint { endpoint jobs pages }
      byDay { day jobs pages }
    }
  }
`);

export const SUBMIT_FEEDBACK = plain<
  T.SubmitFeedbackMutation,
  T.SubmitFeedbackMutationVariables
>(/* GraphQL */ `
  mutation SubmitFeedback($input: SubmitFeedbackInput!) {
    submitFeedback(input: $input) { id rating issue comment createdAt }
  }
`);

export const JOB_UPDATED = detailOp<
  T.JobUpdatedSubscription,
  T.JobUpdatedSubscriptionVariables
>(/* GraphQL */ `
  subscription JobUpdated($id: ID, $filter: JobFilter, $since: String) {
    jobUpdated(id: $id, filter: $filter, since: $since) { ...JobDetailFields eventCursor }
  }
`);

export const EVENT_CURSOR = plain<T.EventCursorQuery, T.EventCursorQueryVariables>(/* GraphQL */ `
  query EventCursor { eventCursor }
`);

export const WEBHOOK_FIELDS = /* GraphQL */ `
  fragment WebhookFields on Webhook { id url events createdAt }
`;
const hookOp = <R, V>(query: string): Operation<R, V> => `${query}\n${WEBHOOK_FIELDS}` as Operation<R, V>;

export const CREATE_WEBHOOK = hookOp<
  T.CreateWebhookMutation,
  T.CreateWebhookMutationVariables
>(/* GraphQL */ `
  mutation CreateWebhook($url: String!, $events: [String!]) {
    createWebhook(url: $url, events: $events) { secret webhook { ...WebhookFields } }
  }
`);

export const LIST_WEBHOOKS = hookOp<T.ListWebhooksQuery, T.ListWebhooksQueryVariables>(/* GraphQL */ `
  query ListWebhooks { webhooks { ...WebhookFields } }
`);

export const DELETE_WEBHOOK = plain<T.DeleteWebhookMutation, T.DeleteWebhookMutationVariables>(/* GraphQL */ `
  mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }
`);

export const WEBHOOK_DELIVERIES = plain<
  T.WebhookDeliveriesQuery,
  T.WebhookDeliveriesQueryVariables
>(/* GraphQL */ `
  query WebhookDeliveries($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on Webhook {
        deliveries(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { id jobId event attempt statusCode error responseBody durationMs createdAt deliveredAt }
        }
      }
    }
  }
`);
