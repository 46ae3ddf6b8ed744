/**
 * The protobuf schema of the Prometheus data model, client_model's
 * `io/prometheus/client/metrics.proto` (upstream HEAD field set: the 0.3.0
 * messages plus `unit`, `created_timestamp` and native-histogram `exemplars`),
 * and the well-known `google.protobuf.Timestamp` it imports. protobufjs
 * parses both once, at load.
 *
 * metrics.proto:
 *   Copyright 2013 Prometheus Team
 *   Licensed under the Apache License, Version 2.0 (the "License");
 *   you may not use this file except in compliance with the License.
 *   You may obtain a copy of the License at
 *   http://www.apache.org/licenses/LICENSE-2.0
 *   Unless required by applicable law or agreed to in writing, software
 *   distributed under the License is distributed on an "AS IS" BASIS,
 *   WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 *   See the License for the specific language governing permissions and
 *   limitations under the License.
 *
 * Comments of the original are left out; field names, numbers, types and
 * labels are unchanged.
 */
import protobuf from 'protobufjs';

/** `google/protobuf/timestamp.proto`, the message only. */
const TIMESTAMP_PROTO = `
syntax = "proto3";
package google.protobuf;
message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}
`;

/** client_model's `io/prometheus/client/metrics.proto` (proto2). */
const METRICS_PROTO = `
syntax = "proto2";

package io.prometheus.client;
option java_package = "io.prometheus.client";
option go_package = "github.com/prometheus/client_model/go;io_prometheus_client";

import "google/protobuf/timestamp.proto";

message LabelPair {
  optional string name  = 1;
  optional string value = 2;
}

enum MetricType {
  COUNTER = 0;
  GAUGE = 1;
  SUMMARY = 2;
  UNTYPED = 3;
  HISTOGRAM = 4;
  GAUGE_HISTOGRAM = 5;
}

message Gauge {
  optional double value = 1;
}

message Counter {
  optional double   value    = 1;
  optional Exemplar exemplar = 2;

  optional google.protobuf.Timestamp created_timestamp = 3;
}

message Quantile {
  optional double quantile = 1;
  optional double value    = 2;
}

message Summary {
  optional uint64   sample_count = 1;
  optional double   sample_sum   = 2;
  repeated Quantile quantile     = 3;

  optional google.protobuf.Timestamp created_timestamp = 4;
}

message Untyped {
  optional double value = 1;
}

message Histogram {
  optional uint64 sample_count       = 1;
  optional double sample_count_float = 4;
  optional double sample_sum         = 2;
  repeated Bucket bucket             = 3;

  optional google.protobuf.Timestamp created_timestamp = 15;

  optional sint32 schema           = 5;
  optional double zero_threshold   = 6;
  optional uint64 zero_count       = 7;
  optional double zero_count_float = 8;

  repeated BucketSpan negative_span =  9;
  repeated sint64 negative_delta    = 10;
  repeated double negative_count    = 11;

  repeated BucketSpan positive_span = 12;
  repeated sint64 positive_delta    = 13;
  repeated double positive_count    = 14;

  repeated Exemplar exemplars = 16;
}

message Bucket {
  optional uint64   cumulative_count       = 1;
  optional double   cumulative_count_float = 4;
  optional double   upper_bound            = 2;
  optional Exemplar exemplar               = 3;
}

message BucketSpan {
  optional sint32 offset = 1;
  optional uint32 length = 2;
}

message Exemplar {
  repeated LabelPair                 label     = 1;
  optional double                    value     = 2;
  optional google.protobuf.Timestamp timestamp = 3;
}

message Metric {
  repeated LabelPair label        = 1;
  optional Gauge     gauge        = 2;
  optional Counter   counter      = 3;
  optional Summary   summary      = 4;
  optional Untyped   untyped      = 5;
  optional Histogram histogram    = 7;
  optional int64     timestamp_ms = 6;
}

message MetricFamily {
  optional string     name   = 1;
  optional string     help   = 2;
  optional MetricType type   = 3;
  repeated Metric     metric = 4;
  optional string     unit   = 5;
}
`;

function load(): protobuf.Type {
  const root = new protobuf.Root();
  protobuf.parse(TIMESTAMP_PROTO, root, { keepCase: true });
  protobuf.parse(METRICS_PROTO, root, { keepCase: true });
  root.resolveAll();
  return root.lookupType('io.prometheus.client.MetricFamily');
}

/** The reflected `io.prometheus.client.MetricFamily` type; field names as in the .proto (snake_case). */
export const MetricFamilyType: protobuf.Type = load();
