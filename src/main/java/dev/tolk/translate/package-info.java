/**
 * Translation as a service: {@code POST /translate} (Tolk's shape and LibreTranslate's, JSON or
 * form), {@code GET /languages}, {@code POST /detect} and {@code /models}.
 *
 * <p>Controllers bind the body to a request record ({@link dev.tolk.translate.TranslateRequest},
 * {@link dev.tolk.translate.LibreTranslateRequest}, {@link dev.tolk.translate.DetectRequest}) and
 * call {@link dev.tolk.translate.TranslationRequests}, which checks the configured limits, lets
 * {@link dev.tolk.translate.ModelChoice} choose the model (named, default of the pair, or by
 * detected language with {@link dev.tolk.translate.LanguageDetection}) and hands the texts to
 * {@link dev.tolk.translate.TranslationService}, the batcher: workers collect requests for a few
 * milliseconds and decode each model/search group as one batch, with models loaded and leased from
 * {@link dev.tolk.translate.ModelCache}. Refusals are feature exceptions ({@code NoModelException},
 * {@code ModelNotFoundException}, {@code PairNotServedException}, {@code
 * InvalidTranslationRequestException}, {@code TextLimitException}, {@code
 * TranslationTimeoutException}, {@code ModelUnusableException}); {@code web.ProblemHandler} turns
 * them into HTTP problems. Only the controllers know HTTP.
 */
package dev.tolk.translate;
