package dev.tolk.job;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /train}: training jobs. */
@RestController
public class TrainController {

    private final JobService jobs;
    private final Suggestions suggestions;

    TrainController(JobService jobs, Suggestions suggestions) {
        this.jobs = jobs;
        this.suggestions = suggestions;
    }

    @Operation(
            summary = "Start a training job",
            description =
                    "The body is the training settings record (sourceLang, targetLang, preset,"
                            + " maxMinutes, ...) with the corpus as dataset (an uploaded"
                            + " dataset's id, or suggestions-<source>-<target> for the users'"
                            + " corrections of a pair: the job trains on them as they are now) or"
                            + " as paths relative to the data directory; makeDefault: true makes the model the default of its pair when"
                            + " done; baseModel: a model's id fine-tunes it on the corpus (its"
                            + " parameters, architecture and vocabulary; the fine-tuning recipe's"
                            + " defaults; mixBaseShare mixes in its own corpus). Answers 202 with"
                            + " the job and its Location.")
    @PostMapping(path = "/train", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Job> submit(@RequestBody TrainRequest request) {
        String dataset = suggestions.snapshot(request.dataset());
        Job job = jobs.submit(new TrainRequest(dataset, request.makeDefault(), request.settings()));
        return ResponseEntity.accepted().location(URI.create("/train/" + job.id)).body(job);
    }

    @Operation(summary = "Every training job, newest first")
    @GetMapping("/train")
    public List<Job> list() {
        return jobs.list();
    }

    @Operation(summary = "A job: state, progress, loss history, evaluations, corpus, result")
    @GetMapping("/train/{id}")
    public Job get(@PathVariable String id) {
        return jobs.get(id);
    }

    @Operation(summary = "Cancel a queued or running job (resumable later)")
    @DeleteMapping("/train/{id}")
    public ResponseEntity<Job> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(jobs.cancel(id));
    }

    @Operation(
            summary =
                    "Resume a cancelled, interrupted or failed job from its last checkpoint (a failed one"
                            + " only when it has a checkpoint)")
    @PostMapping("/train/{id}/resume")
    public ResponseEntity<Job> resume(@PathVariable String id) {
        Job job = jobs.resume(id);
        return ResponseEntity.accepted().location(URI.create("/train/" + job.id)).body(job);
    }
}
