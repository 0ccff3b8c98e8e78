"""The analytics part of the GraphQL API: `AnalyticsQuery` and its result types."""
