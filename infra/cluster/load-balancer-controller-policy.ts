/**
 * Permissions of the AWS Load Balancer Controller on this platform. Pulumi owns the ALB, its
 * listeners, rules, target groups and security group rules (infra/edge); the controller only keeps
 * the pod IPs of each TargetGroupBinding registered in its target group. So it may describe, and
 * register or deregister targets in this stack's target groups, and nothing else: no load balancer,
 * listener, rule, target group or security group can be created, changed or deleted by it.
 * tests/infra/load-balancer-controller-policy.test.ts evaluates the policy against those actions.
 */
export function loadBalancerControllerPolicy(targetGroupNamePrefix: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Discover",
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "ec2:DescribeInstances",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeVpcs",
          "ec2:DescribeAvailabilityZones",
        ],
        Resource: "*",
      },
      {
        Sid: "RegisterPodTargets",
        Effect: "Allow",
        Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
        Resource: `arn:aws:elasticloadbalancing:*:*:targetgroup/${targetGroupNamePrefix}-*/*`,
      },
    ],
  });
}
