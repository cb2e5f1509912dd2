package dev.tolk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tolk.testing.WebSlice;
import dev.tolk.training.InvalidSettingsException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** How {@code /train} binds its body and answers the job service's refusals, without training. */
@WebMvcTest(TrainController.class)
@Import(WebSlice.class)
class TrainRequestBindingTest {

    @Autowired MockMvc mvc;

    @MockitoBean JobService jobs;

    @MockitoBean Suggestions suggestions;

    @org.junit.jupiter.api.BeforeEach
    void suggestionsAreTheirOwnSnapshots() {
        when(suggestions.snapshot(any())).thenAnswer(call -> call.getArgument(0));
    }

    private ResultActions submit(String body) throws Exception {
        return mvc.perform(post("/train").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void theSettingsFieldsReachTheServiceBesideDatasetAndMakeDefault() throws Exception {
        Job job = new Job();
        job.id = "en-de-1";
        when(jobs.submit(any())).thenReturn(job);

        submit(
                        "{\"dataset\": \"d1\", \"makeDefault\": true, \"sourceLang\": \"en\","
                                + " \"maxEpochs\": 3}")
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/train/en-de-1"));

        ArgumentCaptor<TrainRequest> request = ArgumentCaptor.forClass(TrainRequest.class);
        verify(jobs).submit(request.capture());
        assertThat(request.getValue().dataset()).isEqualTo("d1");
        assertThat(request.getValue().makeDefault()).isTrue();
        assertThat(request.getValue().settings())
                .containsEntry("sourceLang", "en")
                .containsEntry("maxEpochs", 3)
                .doesNotContainKeys("dataset", "makeDefault");
    }

    @Test
    void aWrongTypeIsAProblemNamingTheField() throws Exception {
        submit("{\"makeDefault\": \"yes\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/malformed-body"))
                .andExpect(
                        jsonPath("$.detail")
                                .value("makeDefault must be true or false, not \"yes\""));
        submit("{\"dataset\": {}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("dataset must be a string, not an object"));
    }

    @Test
    void invalidSettingsAreA400NamingTheField() throws Exception {
        when(jobs.submit(any()))
                .thenThrow(
                        new InvalidSettingsException("maxEpochs", "maxEpochs must be an integer"));

        submit("{\"maxEpochs\": \"many\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-settings"))
                .andExpect(
                        jsonPath("$.detail")
                                .value("invalid training settings: maxEpochs must be an integer"));
    }

    @Test
    void jobStatesAreConflictsAndUnknownJobsNotFound() throws Exception {
        when(jobs.cancel("j1")).thenThrow(JobStateException.notActive("j1", JobState.SUCCEEDED));
        when(jobs.cancel("nope")).thenThrow(new JobNotFoundException("nope"));

        mvc.perform(delete("/train/j1"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/job-not-active"));
        mvc.perform(delete("/train/nope"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("/problems/unknown-job"));
    }
}
