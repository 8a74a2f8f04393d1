package cn.docsearch.search.query;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a hit is where it is: its rank and score in the keyword ranking (when it is in it), its rank and cosine
 * similarity in the vector ranking (when it is in it), whether it matched every query term, and the fused score.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HitExplanation(Integer keywordRank, Double keywordScore, Boolean allTermsMatched, Integer vectorRank,
                             Double vectorSimilarity, double keywordWeight, double fusedScore) {
}
