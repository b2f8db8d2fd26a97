package dev.agentgrant.demo.evidence;

/** The GitHub Actions job an OIDC workload token is about. */
public record GithubJob(
        String repository,
        String ref,
        String sha,
        String workflow,
        String workflowPath,
        String actor,
        String eventName) {}
