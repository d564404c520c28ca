import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface CanaryAlarmsArgs {
  /** Names the alarms: <prefix>-<service>-canary-5xx and -p99. */
  prefix: string;
  service: string;
  loadBalancerArnSuffix: pulumi.Input<string>;
  targetGroupArnSuffix: pulumi.Input<string>;
  /** Above this share of 5xx answers (percent) the canary fails. */
  errorRatePercent: number;
  /** Above this p99 response time (milliseconds) the canary fails. */
  p99LatencyMs: number;
}

/** The analysis of a canary: CloudWatch alarms on its target group that the deploy workflow reads before it promotes. */
export class CanaryAlarms extends pulumi.ComponentResource {
  readonly alarmNames: pulumi.Output<string[]>;

  constructor(name: string, args: CanaryAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:edge:CanaryAlarms", name, {}, opts);
    const dimensions = { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix };
    const metric = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: { namespace: "AWS/ApplicationELB", metricName, dimensions, period: 60, stat: "Sum" },
    });
    // Three of five minutes over the line: one slow or failing minute is noise, a failing canary is not.
    const evaluation = { evaluationPeriods: 5, datapointsToAlarm: 3, comparisonOperator: "GreaterThanThreshold" };

    const errors = new aws.cloudwatch.MetricAlarm(
      `${name}-5xx`,
      {
        name: `${args.prefix}-${args.service}-canary-5xx`,
        alarmDescription: `${args.service} canary: more than ${args.errorRatePercent} % of its answers are 5xx`,
        ...evaluation,
        threshold: args.errorRatePercent,
        // No requests in a minute is no evidence either way.
        treatMissingData: "notBreaching",
        metricQueries: [
          metric("errors", "HTTPCode_Target_5XX_Count"),
          metric("requests", "RequestCount"),
          { id: "ratio", expression: "100 * FILL(errors, 0) / requests", label: "5xx %", returnData: true },
        ],
      },
      { parent: this },
    );

    const latency = new aws.cloudwatch.MetricAlarm(
      `${name}-p99`,
      {
        name: `${args.prefix}-${args.service}-canary-p99`,
        alarmDescription: `${args.service} canary: p99 response time above ${args.p99LatencyMs} ms`,
        ...evaluation,
        threshold: args.p99LatencyMs / 1000,
        treatMissingData: "notBreaching",
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions,
        period: 60,
        extendedStatistic: "p99",
      },
      { parent: this },
    );

    this.alarmNames = pulumi.all([errors.name, latency.name]);
    this.registerOutputs({ alarmNames: this.alarmNames });
  }
}
